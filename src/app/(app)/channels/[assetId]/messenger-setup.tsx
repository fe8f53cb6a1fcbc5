"use client";

import { useMutation } from "@tanstack/react-query";
import { CopyValue } from "@/components/forms/copy-value";
import { RevealSecret } from "@/components/forms/reveal-secret";
import type { RouterOutputs } from "@/lib/router-outputs";
import { useTRPC } from "@/lib/trpc";

const card = "rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200";

/** A Messenger channel's Page and webhook set-up, as channel.get returns it. */
type MessengerView = NonNullable<RouterOutputs["channel"]["get"]["messenger"]>;

/** A Messenger channel's webhook set-up: what to paste into the Meta app, and how (docs/messenger.md). */
export function MessengerSetup({ id, messenger, graphApiConfigured, canManage }: { id: string; messenger: MessengerView; graphApiConfigured: boolean; canManage: boolean }) {
  const trpc = useTRPC();
  const reveal = useMutation(trpc.channel.revealMessengerSecret.mutationOptions());
  return (
    <section aria-labelledby="messenger-heading" className={card}>
      <h2 id="messenger-heading" className="text-lg font-semibold">
        Messenger webhook
      </h2>
      {graphApiConfigured ? null : (
        <p role="alert" className="mt-3 rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
          Replies cannot reach Messenger yet: the server&apos;s <code>MESSENGER_GRAPH_API_URL</code> is not set. Until an operator sets it to the
          Graph API base URL with its version, every reply is recorded as a failed attempt and retried on the usual schedule.
        </p>
      )}
      <dl className="mt-4 grid gap-4 text-sm sm:grid-cols-[12rem_1fr]">
        <dt className="font-medium text-slate-600">Facebook Page</dt>
        <dd>
          {messenger.pageName} <span className="text-slate-500">(Page ID {messenger.pageId})</span>
        </dd>
        <dt className="font-medium text-slate-600">Callback URL</dt>
        <dd>
          <CopyValue value={messenger.callbackUrl} what="callback URL" testId="messenger-callback-url" />
        </dd>
        <dt className="font-medium text-slate-600">Verify token</dt>
        <dd>
          <CopyValue value={messenger.verifyToken} what="Verify token" testId="messenger-verify-token" />
        </dd>
        {canManage ? (
          <>
            <dt className="font-medium text-slate-600">Page access token</dt>
            <dd>
              <RevealSecret
                what="Page access token"
                testId="messenger-page-access-token"
                reveal={async () => (await reveal.mutateAsync({ id, which: "pageAccessToken" })).secret}
              />
            </dd>
            <dt className="font-medium text-slate-600">App secret</dt>
            <dd>
              <RevealSecret what="App secret" testId="messenger-app-secret" reveal={async () => (await reveal.mutateAsync({ id, which: "appSecret" })).secret} />
            </dd>
          </>
        ) : null}
      </dl>
      <h3 className="mt-6 font-semibold">Connect your Page</h3>
      <ol className="mt-2 list-decimal space-y-1 pl-5 text-sm text-slate-700">
        <li>In your Meta app, open Messenger settings and, under Webhooks, choose to add a callback URL.</li>
        <li>Paste the callback URL and the Verify token above, then verify and save: Meta checks the token with a GET to the URL.</li>
        <li>
          Subscribe the Page to the fields <code>messages</code>, <code>messaging_postbacks</code>, <code>message_deliveries</code>,{" "}
          <code>message_reads</code> and <code>message_echoes</code>.
        </li>
        <li>Attach this channel to a service and add a rule for it: customers&apos; messages then reach your bot as channel &quot;FB&quot;.</li>
      </ol>
    </section>
  );
}
