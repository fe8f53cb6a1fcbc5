"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { zodFieldErrors } from "@/lib/form";
import { fieldErrorsOf, useTRPC } from "@/lib/trpc";
import { FIELD_LABELS, integrationNameSchema, optionalTokenSchema, urlSchema } from "@/server/integrations/schemas";
import { typeLabel } from "./labels";

export function EditIntegrationForm({ id }: { id: string }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.integration.get.queryOptions({ id }));

  if (detail.isPending) return <p className="text-sm text-slate-500">Loading the integration…</p>;
  if (detail.isError) {
    return (
      <p role="alert" className="text-sm text-red-600">
        Could not load the integration: {detail.error.message}
      </p>
    );
  }
  if (!detail.data.manage) return <p className="text-sm text-slate-600">Only owners and admins can edit integrations.</p>;
  return (
    <Form
      id={id}
      platform={detail.data.platform}
      kind={detail.data.kind}
      initial={{ name: detail.data.name, url: detail.data.manage.url ?? "", requireSignedEvents: detail.data.manage.requireSignedEvents }}
    />
  );
}

function Form({
  id,
  platform,
  kind,
  initial,
}: {
  id: string;
  platform: "IMI_BOT" | "OTHERS" | "WEBHOOK" | "BUILT_IN";
  kind: "BOT" | "CCSP";
  initial: { name: string; url: string; requireSignedEvents: boolean };
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = useState(initial.name);
  const [url, setUrl] = useState(initial.url);
  const [token, setToken] = useState("");
  const [requireSignedEvents, setRequireSignedEvents] = useState(initial.requireSignedEvents);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const update = useMutation(trpc.integration.update.mutationOptions());
  const labels = platform === "BUILT_IN" ? null : FIELD_LABELS[platform];
  const endpointChanged = labels !== null && (url.trim() !== initial.url || token.trim() !== "");

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    const schema = labels
      ? z.object({ name: integrationNameSchema, url: urlSchema(labels.url), token: optionalTokenSchema(labels.token) })
      : z.object({ name: integrationNameSchema });
    const parsed = schema.safeParse(labels ? { name, url, token } : { name });
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
    setErrors({});
    try {
      await update.mutateAsync({ id, ...parsed.data, ...(labels ? { requireSignedEvents } : {}) });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.integration.get.queryKey({ id }) }),
        queryClient.invalidateQueries({ queryKey: trpc.integration.list.queryKey() }),
      ]);
      router.push(`/integrations/${id}`);
    } catch (error) {
      const fields = fieldErrorsOf(error);
      if (Object.keys(fields).length > 0) setErrors(fields);
      else setFormError(error instanceof Error ? error.message : "Could not save the changes");
    }
  }

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="max-w-2xl space-y-4 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <p className="text-sm text-slate-600">{typeLabel(kind, platform)}</p>
      {formError ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {formError}
        </p>
      ) : null}
      <TextField label="Integration name" name="name" value={name} autoComplete="off" onChange={(e) => setName(e.target.value)} error={errors.name} />
      {labels ? (
        <>
          <TextField
            label={labels.url}
            name="url"
            type="url"
            autoComplete="off"
            spellCheck={false}
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            error={errors.url}
          />
          <TextField
            label={labels.token}
            name="token"
            type={platform === "OTHERS" ? "text" : "password"}
            autoComplete="off"
            spellCheck={false}
            value={token}
            onChange={(e) => setToken(e.target.value)}
            error={errors.token}
            hint="Leave empty to keep the current one; it is never shown."
          />
          <label className="flex gap-3 rounded-md p-3 ring-1 ring-slate-200">
            <input
              type="checkbox"
              name="requireSignedEvents"
              checked={requireSignedEvents}
              onChange={(e) => setRequireSignedEvents(e.target.checked)}
              aria-describedby="require-signed-events-hint"
              className="mt-1"
            />
            <span>
              <span className="block text-sm font-semibold text-slate-900">Require signed inbound events</span>
              <span id="require-signed-events-hint" className="block text-sm text-slate-600">
                Besides the Bearer secret, every event your system posts to the inbound webhook must carry Standard Webhooks
                headers (webhook-id, webhook-timestamp, webhook-signature) signed with this integration&apos;s signing secret,
                within 5 minutes of the current time; others are refused with 401. A captured request cannot be replayed.
              </span>
            </span>
          </label>
          <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-600">
            {endpointChanged
              ? "A new URL or token makes the integration Unverified: Save verifies it right away, and it is active again only once it answers correctly."
              : "Renaming keeps the status. Changing the URL or token means verifying again."}
          </p>
        </>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" disabled={update.isPending}>
          {update.isPending ? (endpointChanged ? "Saving and verifying…" : "Saving…") : "Save"}
        </Button>
        <Link
          href={`/integrations/${id}`}
          className="inline-flex items-center rounded-md bg-white px-3 py-2 text-sm font-semibold text-slate-800 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
        >
          Cancel
        </Link>
      </div>
    </form>
  );
}
