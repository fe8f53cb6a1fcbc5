"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { CopyValue } from "@/components/forms/copy-value";
import { RevealSecret } from "@/components/forms/reveal-secret";
import { DetailItem } from "@/components/ui/detail-item";
import { useTRPC } from "@/lib/trpc";
import { formatTime } from "../labels";
import { Section } from "./section";
import type { IntegrationManage } from "./types";

/** Where Switchboard and the integration's system reach each other, and the secrets of both ways. */
export function WebhooksSection({
  integrationId,
  manage,
  newSecretShown,
  signingRotated,
}: {
  integrationId: string;
  manage: IntegrationManage;
  /** The inbound secret is on the page right now (NewSecretNotice). */
  newSecretShown: boolean;
  signingRotated: boolean;
}) {
  const trpc = useTRPC();
  const reveal = useMutation(trpc.integration.revealSigningSecret.mutationOptions());
  return (
    <Section title="Webhooks">
      <dl className="space-y-4">
        <DetailItem label="Outbound URL (Switchboard POSTs events here)">
          <code className="break-all font-mono text-sm">{manage.url}</code>
        </DetailItem>
        {manage.inboundWebhookUrl ? (
          <DetailItem label="Inbound webhook URL (your system POSTs its events here)">
            <CopyValue value={manage.inboundWebhookUrl} what="inbound webhook URL" testId="inbound-webhook-url" />
            <span className="mt-1 block text-xs text-slate-500">
              The events it accepts (1001 message, 1002 handover, 1003 close, typing) and what Switchboard sends are in the{" "}
              <Link href="/docs/api" className="text-indigo-700 hover:underline">
                API docs
              </Link>
              .
            </span>
          </DetailItem>
        ) : null}
        <DetailItem label="Inbound webhook secret">
          {newSecretShown
            ? "Shown above: copy it now."
            : "Sent by your system as Authorization: Bearer <secret>. It was shown once, when the integration was saved or the secret was rotated: rotate the secret to get a new one."}
          {manage.previousInboundSecretValidUntil ? (
            <span data-testid="previous-inbound-secret" className="mt-1 block text-xs text-amber-800">
              The previous secret keeps working until {formatTime(manage.previousInboundSecretValidUntil)}.
            </span>
          ) : null}
        </DetailItem>
        <DetailItem label="Signed inbound events">
          <span data-testid="require-signed-events">
            {manage.requireSignedEvents
              ? "Required: every event your system posts must carry a Standard Webhooks signature made with the signing secret, at most 5 minutes old."
              : "Not required (Edit to require them)."}
          </span>
        </DetailItem>
        <DetailItem label="Signing secret">
          <p className="mb-2 text-xs text-slate-600">
            Every request Switchboard sends carries Standard Webhooks headers (webhook-id, webhook-timestamp, webhook-signature):
            an HMAC-SHA256 signature made with this secret, so your system can check that a request comes from Switchboard.
          </p>
          <RevealSecret
            key={signingRotated ? "rotated" : "current"}
            what="signing secret"
            testId="signing-secret"
            reveal={async () => (await reveal.mutateAsync({ id: integrationId })).signingSecret}
          />
          {signingRotated ? <span className="mt-1 block text-xs text-slate-600">Rotated: reveal it to copy the new secret.</span> : null}
          {manage.previousSigningSecretValidUntil ? (
            <span data-testid="previous-signing-secret" className="mt-1 block text-xs text-amber-800">
              Until {formatTime(manage.previousSigningSecretValidUntil)} every request also carries a signature made with the
              previous secret, and signed events may use either.
            </span>
          ) : null}
        </DetailItem>
      </dl>
    </Section>
  );
}
