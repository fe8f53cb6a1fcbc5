"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { CopyValue, OneTimeSecret } from "@/components/forms/copy-value";
import { RevealSecret } from "@/components/forms/reveal-secret";
import { TextAreaField } from "@/components/forms/text-area-field";
import { Button } from "@/components/ui/button";
import { useConfirm } from "@/components/ui/use-confirm";
import { PageHeader } from "@/components/ui/page-header";
import { TextField } from "@/components/ui/text-field";
import { forgetSecret, peekSecret } from "@/lib/one-time-secret";
import type { RouterOutputs } from "@/lib/router-outputs";
import { fieldErrorsOf, useTRPC } from "@/lib/trpc";
import { linesOf, originErrorOf } from "@/components/channels/origins";
import { MessengerSetup } from "./messenger-setup";
import { VisitorSignOutSection } from "./visitor-sign-out-section";
import { WidgetSettingsSection } from "./widget-settings-section";

const card = "rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200";

export function ChannelDetail({ id, canManage }: { id: string; canManage: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const channel = useQuery(trpc.channel.get.queryOptions({ id }));
  // The secret the create form handed over (an HTTP channel), shown this once; later only "Rotate secret" shows one.
  const [secret, setSecret] = useState<string | null>(() => peekSecret(id));
  useEffect(() => forgetSecret(id), [id]);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.channel.pathKey() });
  const rotate = useMutation(trpc.channel.rotateSecret.mutationOptions({ onSuccess: (r) => setSecret(r.secret) }));
  const revealSigning = useMutation(trpc.channel.revealSigningSecret.mutationOptions());
  const { confirm, dialog } = useConfirm();
  const remove = useMutation(
    trpc.channel.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.channel.list.queryKey() });
        router.push("/channels");
      },
    }),
  );

  if (channel.isPending) return <p className="text-sm text-slate-500">Loading channel…</p>;
  if (channel.isError) {
    return (
      <p role="alert" className="text-sm text-red-600">
        Could not load this channel: {channel.error.message}. <Link href="/channels" className="underline">Back to channels</Link>
      </p>
    );
  }
  const asset = channel.data;

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-600">
        <Link href="/channels" className="hover:underline">
          Channels
        </Link>{" "}
        / {asset.name}
      </nav>
      <PageHeader title={asset.name} description={`${asset.typeLabel} channel · label ${asset.channelLabel} in payloads`} />
      <div className="space-y-6">
        <section aria-labelledby="about-heading" className={card}>
          <h2 id="about-heading" className="text-lg font-semibold">
            Details
          </h2>
          <dl className="mt-4 grid gap-4 text-sm sm:grid-cols-[12rem_1fr]">
            <dt className="font-medium text-slate-600">Service</dt>
            <dd>
              {asset.service ? (
                <Link href={`/services/${asset.service.id}`} className="text-indigo-700 hover:underline">
                  {asset.service.name}
                </Link>
              ) : (
                "Not in a service yet: attach it from a service's page."
              )}
            </dd>
            {asset.hostedChatUrl ? (
              <>
                <dt className="font-medium text-slate-600">Hosted chat page</dt>
                <dd>
                  <CopyValue value={asset.hostedChatUrl} what="hosted chat URL" testId="hosted-chat-url" />
                  <a
                    href={asset.hostedChatUrl}
                    target="_blank"
                    rel="noopener"
                    className="mt-1 inline-block text-sm font-medium text-indigo-700 hover:underline"
                  >
                    Open the chat in a new tab
                  </a>
                </dd>
                <dt className="font-medium text-slate-600">Embed on your site</dt>
                <dd className="space-y-2">
                  <p className="text-slate-600">One line before &lt;/body&gt;: adds a chat button that opens the chat.</p>
                  <CopyValue value={asset.embedScript ?? ""} what="embed script" block testId="embed-script" />
                  <details>
                    <summary className="cursor-pointer text-sm font-medium text-indigo-700">Or show the chat inline, in an iframe</summary>
                    <div className="mt-2">
                      <CopyValue value={asset.embedSnippet ?? ""} what="embed snippet" block testId="embed-snippet" />
                    </div>
                  </details>
                </dd>
                <dt className="font-medium text-slate-600">Allowed origins</dt>
                <dd>{asset.allowedOrigins.length ? asset.allowedOrigins.join(", ") : "Any site may embed the chat"}</dd>
              </>
            ) : null}
            {asset.type === "HTTP" ? (
              <>
                <dt className="font-medium text-slate-600">Channel API</dt>
                <dd>
                  Your provider posts customer messages with the channel secret as <code>Authorization: Bearer …</code>. See the{" "}
                  <Link href="/docs/api" className="text-indigo-700 hover:underline">
                    API docs
                  </Link>{" "}
                  for the requests and the callbacks.
                </dd>
                <dt className="font-medium text-slate-600">Callback URL</dt>
                <dd className="break-all">{asset.callbackUrl}</dd>
              </>
            ) : null}
          </dl>
        </section>

        {asset.messenger ? (
          <MessengerSetup id={asset.id} messenger={asset.messenger} graphApiConfigured={asset.graphApiConfigured} canManage={canManage} />
        ) : null}

        {asset.widget ? <WidgetSettingsSection key={`widget-${asset.id}`} id={asset.id} widget={asset.widget} canManage={canManage} onSaved={refresh} /> : null}

        {canManage ? <EditChannelForm key={asset.id} asset={asset} onSaved={refresh} /> : null}

        {canManage && asset.type === "WEB_CHAT" ? (
          <VisitorSignOutSection id={asset.id} name={asset.name} signedOutAt={asset.visitorsSignedOutAt} onDone={refresh} />
        ) : null}

        {canManage && asset.type === "HTTP" ? (
          <section aria-labelledby="secret-heading" className={card}>
            <h2 id="secret-heading" className="text-lg font-semibold">
              Channel secret
            </h2>
            <p className="mt-1 text-sm text-slate-600">
              Stored only as a hash. Rotating it issues a new one and the old one stops working at once.
            </p>
            <div className="mt-4 space-y-3">
              {secret ? <OneTimeSecret secret={secret} what="channel secret" onDismiss={() => setSecret(null)} /> : null}
              <Button
                variant="secondary"
                disabled={rotate.isPending}
                onClick={() =>
                  confirm({
                    title: `Rotate the secret of "${asset.name}"?`,
                    body: <p>A new secret is shown once. The current one stops working at once: your system gets 401 until it uses the new one.</p>,
                    confirmLabel: "Rotate secret",
                    danger: true,
                    run: () => rotate.mutateAsync({ id }),
                  })
                }
              >
                {rotate.isPending ? "Rotating…" : "Rotate secret"}
              </Button>
            </div>
            <h3 className="mt-6 font-semibold">Signing secret</h3>
            <p className="mt-1 text-sm text-slate-600">
              Every callback carries Standard Webhooks headers (webhook-id, webhook-timestamp, webhook-signature): an HMAC-SHA256
              signature made with this secret, so your system can check that it comes from Switchboard.
            </p>
            <div className="mt-2">
              <RevealSecret
                what="signing secret"
                testId="channel-signing-secret"
                reveal={async () => (await revealSigning.mutateAsync({ id })).signingSecret}
              />
            </div>
          </section>
        ) : null}

        <section aria-labelledby="rules-heading" className={card}>
          <h2 id="rules-heading" className="text-lg font-semibold">
            Rules using this channel
          </h2>
          {asset.rules.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600">No rule uses this channel yet.</p>
          ) : (
            <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
              {asset.rules.map((rule) => (
                <li key={rule.id}>
                  <Link href={`/services/${rule.serviceId}`} className="text-indigo-700 hover:underline">
                    {rule.summary.charAt(0).toUpperCase() + rule.summary.slice(1)}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>

        {canManage ? (
          <section aria-labelledby="delete-heading" className={card}>
            <h2 id="delete-heading" className="text-lg font-semibold">
              Delete channel
            </h2>
            {asset.deletion.allowed ? (
              <Button
                variant="danger"
                className="mt-3"
                disabled={remove.isPending}
                onClick={() =>
                  confirm({
                    title: `Delete channel "${asset.name}"?`,
                    body: <p>{asset.deletion.message} This cannot be undone.</p>,
                    confirmLabel: "Delete channel",
                    danger: true,
                    run: () => remove.mutateAsync({ id }),
                  })
                }
              >
                Delete channel
              </Button>
            ) : (
              <p className="mt-2 text-sm text-slate-700">{asset.deletion.message}</p>
            )}
          </section>
        ) : null}
        {dialog}
      </div>
    </>
  );
}

/** What the edit form changes, from the channel page's data (channel.get). */
type EditableAsset = Pick<RouterOutputs["channel"]["get"], "id" | "type" | "name" | "allowedOrigins" | "callbackUrl" | "messenger">;

function EditChannelForm({ asset, onSaved }: { asset: EditableAsset; onSaved: () => void }) {
  const trpc = useTRPC();
  const [name, setName] = useState(asset.name);
  const [origins, setOrigins] = useState(asset.allowedOrigins.join("\n"));
  const [callbackUrl, setCallbackUrl] = useState(asset.callbackUrl ?? "");
  const [page, setPage] = useState({ pageName: asset.messenger?.pageName ?? "", pageId: asset.messenger?.pageId ?? "", pageAccessToken: "", appSecret: "" });
  const [saved, setSaved] = useState(false);
  const update = useMutation(trpc.channel.update.mutationOptions());
  const errors = fieldErrorsOf(update.error);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    try {
      await update.mutateAsync({
        id: asset.id,
        name,
        ...(asset.type === "WEB_CHAT" ? { allowedOrigins: linesOf(origins) } : {}),
        ...(asset.type === "HTTP" ? { callbackUrl } : {}),
        ...(asset.type === "MESSENGER"
          ? {
              pageName: page.pageName,
              pageId: page.pageId,
              // Left empty: the stored secret stays.
              ...(page.pageAccessToken ? { pageAccessToken: page.pageAccessToken } : {}),
              ...(page.appSecret ? { appSecret: page.appSecret } : {}),
            }
          : {}),
      });
    } catch {
      return;
    }
    setSaved(true);
    setPage((current) => ({ ...current, pageAccessToken: "", appSecret: "" }));
    onSaved();
  }

  const fieldError = errors.name ?? errors.callbackUrl ?? errors.pageName ?? errors.pageId ?? errors.pageAccessToken ?? errors.appSecret ?? originErrorOf(errors);
  return (
    <section aria-labelledby="edit-heading" className={card}>
      <h2 id="edit-heading" className="text-lg font-semibold">
        Edit channel
      </h2>
      <form method="post" onSubmit={onSubmit} noValidate className="mt-4 grid gap-4 sm:max-w-xl">
        <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
        {asset.type === "WEB_CHAT" ? (
          <TextAreaField
            label="Allowed origins"
            rows={3}
            value={origins}
            onChange={(e) => setOrigins(e.target.value)}
            hint="One per line. Leave empty to allow any site."
            error={originErrorOf(errors)}
          />
        ) : null}
        {asset.type === "HTTP" ? (
          <TextField label="Callback URL" type="url" value={callbackUrl} onChange={(e) => setCallbackUrl(e.target.value)} error={errors.callbackUrl} />
        ) : null}
        {asset.type === "MESSENGER" ? (
          <>
            <TextField label="Page name" value={page.pageName} onChange={(e) => setPage({ ...page, pageName: e.target.value })} error={errors.pageName} />
            <TextField label="Page ID" inputMode="numeric" value={page.pageId} onChange={(e) => setPage({ ...page, pageId: e.target.value })} error={errors.pageId} />
            <TextField
              label="New Page access token"
              type="password"
              autoComplete="off"
              value={page.pageAccessToken}
              onChange={(e) => setPage({ ...page, pageAccessToken: e.target.value })}
              hint="Leave empty to keep the current one."
              error={errors.pageAccessToken}
            />
            <TextField
              label="New App secret"
              type="password"
              autoComplete="off"
              value={page.appSecret}
              onChange={(e) => setPage({ ...page, appSecret: e.target.value })}
              hint="Leave empty to keep the current one."
              error={errors.appSecret}
            />
          </>
        ) : null}
        {update.error && !fieldError ? (
          <p role="alert" className="text-sm text-red-600">
            {update.error.message}
          </p>
        ) : null}
        <div className="flex items-center gap-3">
          <Button type="submit" disabled={update.isPending}>
            {update.isPending ? "Saving…" : "Save changes"}
          </Button>
          {saved ? (
            <span role="status" className="text-sm text-green-700">
              Saved
            </span>
          ) : null}
        </div>
      </form>
    </section>
  );
}
