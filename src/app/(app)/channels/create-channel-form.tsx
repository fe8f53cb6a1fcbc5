"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { SelectField } from "@/components/forms/select-field";
import { TextAreaField } from "@/components/forms/text-area-field";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { handOverSecret } from "@/lib/one-time-secret";
import { fieldErrorsOf, useTRPC } from "@/lib/trpc";
import { CHANNEL_TYPE_LABELS, CREATABLE_CHANNEL_TYPES, type CreatableChannelType } from "@/server/channels/channel-types";
import { linesOf, originErrorOf } from "@/components/channels/origins";

export function CreateChannelForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [type, setType] = useState<CreatableChannelType>("WEB_CHAT");
  const [name, setName] = useState("");
  const [origins, setOrigins] = useState("");
  const [callbackUrl, setCallbackUrl] = useState("");
  const [page, setPage] = useState({ pageName: "", pageId: "", pageAccessToken: "", appSecret: "" });
  const create = useMutation(trpc.channel.create.mutationOptions());
  // Between the answer and the channel's page: the button says so instead of coming back.
  const [opening, setOpening] = useState(false);
  const errors = fieldErrorsOf(create.error);
  const known =
    ["name", "type", "callbackUrl", "pageName", "pageId", "pageAccessToken", "appSecret"].some((key) => errors[key]) || originErrorOf(errors) !== undefined;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    let result;
    try {
      result = await create.mutateAsync(
        type === "WEB_CHAT"
          ? { type, name, allowedOrigins: linesOf(origins) }
          : type === "MESSENGER"
            ? { type, name, ...page }
            : { type, name, callbackUrl },
      );
    } catch {
      return; // shown next to the fields
    }
    // Every type lands on its page; an HTTP channel's secret goes with it, shown there once.
    if (result.secret) handOverSecret(result.asset.id, result.secret);
    await queryClient.invalidateQueries({ queryKey: trpc.channel.list.queryKey() });
    setOpening(true);
    router.push(`/channels/${result.asset.id}`);
  }

  return (
    <section aria-labelledby="add-channel-heading" className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h2 id="add-channel-heading" className="text-lg font-semibold">
        Add channel
      </h2>
      <form method="post" onSubmit={onSubmit} noValidate className="mt-4 grid gap-4 sm:max-w-xl">
        <SelectField label="Type" value={type} onChange={(e) => setType(e.target.value as CreatableChannelType)} error={errors.type}>
          {CREATABLE_CHANNEL_TYPES.map((t) => (
            <option key={t} value={t}>
              {CHANNEL_TYPE_LABELS[t]}
            </option>
          ))}
        </SelectField>
        <TextField label="Name" name="name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
        {type === "WEB_CHAT" ? (
          <TextAreaField
            label="Allowed origins"
            rows={3}
            value={origins}
            onChange={(e) => setOrigins(e.target.value)}
            placeholder="https://www.example.com"
            hint="Sites allowed to embed the chat, one per line. Leave empty to allow any site."
            error={originErrorOf(errors)}
          />
        ) : type === "MESSENGER" ? (
          <>
            <TextField
              label="Page name"
              name="pageName"
              value={page.pageName}
              onChange={(e) => setPage({ ...page, pageName: e.target.value })}
              hint="The Facebook Page whose Messenger conversations this channel receives."
              error={errors.pageName}
            />
            <TextField
              label="Page ID"
              name="pageId"
              inputMode="numeric"
              value={page.pageId}
              onChange={(e) => setPage({ ...page, pageId: e.target.value })}
              hint="The Page's numeric ID (Page settings, About)."
              error={errors.pageId}
            />
            <TextField
              label="Page access token"
              name="pageAccessToken"
              type="password"
              autoComplete="off"
              value={page.pageAccessToken}
              onChange={(e) => setPage({ ...page, pageAccessToken: e.target.value })}
              hint="From your Meta app's Messenger settings; replies are sent with it. Stored encrypted."
              error={errors.pageAccessToken}
            />
            <TextField
              label="App secret"
              name="appSecret"
              type="password"
              autoComplete="off"
              value={page.appSecret}
              onChange={(e) => setPage({ ...page, appSecret: e.target.value })}
              hint="From your Meta app's basic settings; it proves that webhook events come from Meta. Stored encrypted."
              error={errors.appSecret}
            />
          </>
        ) : (
          <TextField
            label="Callback URL"
            name="callbackUrl"
            type="url"
            value={callbackUrl}
            onChange={(e) => setCallbackUrl(e.target.value)}
            hint="Where Switchboard delivers bot and agent replies to your customers (POST)."
            error={errors.callbackUrl}
          />
        )}
        {create.error && !known ? (
          <p role="alert" className="text-sm text-red-600">
            {create.error.message}
          </p>
        ) : null}
        <div>
          <Button type="submit" disabled={create.isPending || opening}>
            {create.isPending ? "Creating…" : opening ? "Opening the channel…" : "Create channel"}
          </Button>
        </div>
      </form>
    </section>
  );
}
