"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { useTRPC } from "@/lib/trpc";
import { describeHistoryCounts } from "@/server/integrations/schemas";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyValue } from "@/components/forms/copy-value";
import { RevealSecret } from "@/components/forms/reveal-secret";
import { BUILT_IN_STATUS_HELP, EVENT_LABELS, formatTime, STATUS_HELP, typeLabel } from "./labels";
import { forgetSecret, peekSecret } from "@/lib/one-time-secret";
import { StatusBadge } from "./status-badge";
import { DetailItem } from "@/components/ui/detail-item";
import type { GraceHours } from "@/server/integrations/schemas";
import { plural } from "@/lib/plural";
import { GraceChoice } from "./grace-choice";

type Dialog = "rotate" | "rotate-signing" | "delete" | "deleteHistory" | null;

export function IntegrationDetailView({ id, canManage, isOwner = false }: { id: string; canManage: boolean; isOwner?: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const detail = useQuery(trpc.integration.get.queryOptions({ id }));
  // The secret the wizard handed over, shown this once; later only "Rotate secret" shows one.
  const [inboundSecret, setInboundSecret] = useState<string | null>(() => peekSecret(id));
  const [dialog, setDialog] = useState<Dialog>(null);
  const [verifyMessage, setVerifyMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [grace, setGrace] = useState<GraceHours>(0);
  const [signingRotated, setSigningRotated] = useState(false);

  useEffect(() => forgetSecret(id), [id]);

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.integration.get.queryKey({ id }) }),
      queryClient.invalidateQueries({ queryKey: trpc.integration.list.queryKey() }),
    ]);
  const verify = useMutation(
    trpc.integration.verify.mutationOptions({
      onSuccess: (result) =>
        setVerifyMessage(
          result.ok
            ? { ok: true, text: result.reactivated ? "Verified: the integration is active again." : "Verified: the integration is active." }
            : { ok: false, text: `Verification failed: ${result.reason}` },
        ),
      onError: (error) => setVerifyMessage({ ok: false, text: error.message }),
      onSettled: refresh,
    }),
  );
  const rotate = useMutation(
    trpc.integration.rotateSecret.mutationOptions({
      onSuccess: (result) => {
        setInboundSecret(result.inboundSecret);
        setDialog(null);
      },
      onSettled: refresh,
    }),
  );
  const reveal = useMutation(
    trpc.integration.revealSigningSecret.mutationOptions(),
  );
  const rotateSigning = useMutation(
    trpc.integration.rotateSigningSecret.mutationOptions({
      onSuccess: () => {
        setSigningRotated(true);
        setDialog(null);
      },
      onSettled: refresh,
    }),
  );
  const openRotation = (which: "rotate" | "rotate-signing") => {
    setGrace(0);
    setDialog(which);
  };
  const removed = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.integration.list.queryKey() });
    router.push("/integrations");
  };
  const remove = useMutation(trpc.integration.delete.mutationOptions({ onSuccess: removed }));
  const removeWithHistory = useMutation(trpc.integration.deleteWithHistory.mutationOptions({ onSuccess: removed }));
  // Counted when the owner opens "Delete with history", so the confirmation names what goes.
  const counts = useQuery({ ...trpc.integration.historyCounts.queryOptions({ id }), enabled: isOwner && dialog === "deleteHistory" });

  if (detail.isPending) return <p className="text-sm text-slate-500">Loading the integration…</p>;
  if (detail.isError) {
    return detail.error.data?.code === "NOT_FOUND" ? (
      <EmptyState title="Integration not found">
        It may have been deleted.{" "}
        <Link href="/integrations" className="font-medium text-indigo-600 hover:underline">
          Back to Integrations
        </Link>
      </EmptyState>
    ) : (
      <p role="alert" className="text-sm text-red-600">
        Could not load the integration: {detail.error.message}
      </p>
    );
  }

  const integration = detail.data;
  const builtIn = integration.platform === "BUILT_IN";
  const manage = canManage ? integration.manage : null;
  const { usage } = integration;
  const blockedByRules = usage.rules.length > 0;

  return (
    <div className="space-y-6">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div>
          <h1 className="flex flex-wrap items-center gap-3 text-2xl font-bold tracking-tight text-slate-900">
            {integration.name} <StatusBadge status={integration.status} />
          </h1>
          <p className="mt-1 text-sm text-slate-600">{typeLabel(integration.kind, integration.platform)}</p>
        </div>
        {manage ? (
          <div className="flex flex-wrap gap-2" role="group" aria-label="Actions">
            <Link
              href={`/integrations/${integration.id}/edit`}
              className="inline-flex items-center rounded-md bg-white px-3 py-2 text-sm font-semibold text-slate-800 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
            >
              Edit
            </Link>
            {!builtIn ? (
              <>
                <Button
                  variant="secondary"
                  disabled={verify.isPending}
                  onClick={() => {
                    setVerifyMessage(null);
                    verify.mutate({ id: integration.id });
                  }}
                >
                  {verify.isPending ? "Verifying…" : "Verify again"}
                </Button>
                <Button variant="secondary" onClick={() => openRotation("rotate")}>
                  Rotate secret
                </Button>
                <Button variant="secondary" onClick={() => openRotation("rotate-signing")}>
                  Rotate signing secret
                </Button>
              </>
            ) : null}
            <Button variant="danger" onClick={() => setDialog("delete")}>
              Delete
            </Button>
          </div>
        ) : null}
      </div>

      {verify.isPending ? (
        <p className="text-sm text-slate-600" aria-live="polite">
          Sending a Verification event (waits up to 5 s)…
        </p>
      ) : verifyMessage ? (
        <p
          role={verifyMessage.ok ? "status" : "alert"}
          data-testid="verify-outcome"
          className={`rounded-md px-3 py-2 text-sm ${verifyMessage.ok ? "bg-green-50 text-green-800" : "bg-red-50 text-red-700"}`}
        >
          {verifyMessage.text}
        </p>
      ) : null}

      {manage && inboundSecret ? (
        <section aria-labelledby="new-secret-heading" className="rounded-lg bg-amber-50 p-4 ring-1 ring-amber-300">
          <h2 id="new-secret-heading" className="text-sm font-semibold text-amber-900">
            Inbound webhook secret: copy it now
          </h2>
          <p className="mt-1 text-sm text-amber-900">
            It is shown only this once and is stored only as a hash. Your system sends it with every call to the inbound
            webhook, as Authorization: Bearer &lt;secret&gt;. If you lose it, rotate the secret to get a new one.
          </p>
          <div className="mt-3">
            <CopyValue value={inboundSecret} what="inbound webhook secret" testId="inbound-secret" />
          </div>
          <Button variant="secondary" className="mt-3" onClick={() => setInboundSecret(null)}>
            I have copied it
          </Button>
        </section>
      ) : null}

      <Section title="Status">
        <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2">
          <DetailItem label="Status">
            <StatusBadge status={integration.status} />
            <span className="mt-1 block text-xs text-slate-600">{integration.platform === "BUILT_IN" ? BUILT_IN_STATUS_HELP : STATUS_HELP[integration.status]}</span>
          </DetailItem>
          <DetailItem label="Consecutive failures">
            <span data-testid="consecutive-failures">{integration.consecutiveFailures}</span>
          </DetailItem>
          <DetailItem label="Last verified">{builtIn ? "Not needed: the built-in agent desk is always active" : formatTime(integration.lastVerifiedAt)}</DetailItem>
          {integration.deactivatedAt ? <DetailItem label="Deactivated">{formatTime(integration.deactivatedAt)}</DetailItem> : null}
          {integration.lastVerifyError ? (
            <DetailItem label="Last verification failed">
              <span data-testid="last-verify-error" className="text-red-700">
                {integration.lastVerifyError}
              </span>
            </DetailItem>
          ) : null}
        </dl>
      </Section>

      {builtIn ? (
        <Section title="Agent desk">
          <p className="text-sm text-slate-600">
            Conversations handed to this integration are answered by your agents in the{" "}
            <Link href="/agent-desk" className="font-medium text-indigo-600 hover:underline">
              Agent desk
            </Link>
            : there is no webhook to configure.
          </p>
        </Section>
      ) : manage ? (
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
              {inboundSecret
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
                reveal={async () => (await reveal.mutateAsync({ id: integration.id })).signingSecret}
              />
              {signingRotated ? (
                <span className="mt-1 block text-xs text-slate-600">Rotated: reveal it to copy the new secret.</span>
              ) : null}
              {manage.previousSigningSecretValidUntil ? (
                <span data-testid="previous-signing-secret" className="mt-1 block text-xs text-amber-800">
                  Until {formatTime(manage.previousSigningSecretValidUntil)} every request also carries a signature made with the
                  previous secret, and signed events may use either.
                </span>
              ) : null}
            </DetailItem>
          </dl>
        </Section>
      ) : (
        <p className="text-sm text-slate-600">Only owners and admins see this integration&apos;s URLs and secrets.</p>
      )}

      <Section title="Used by">
        <UsageList usage={usage} />
      </Section>

      <Section title="History">
        {integration.history.length === 0 ? (
          <p className="text-sm text-slate-600">Nothing has happened yet.</p>
        ) : (
          <ol className="divide-y divide-slate-100" aria-label="History">
            {integration.history.map((event) => (
              <li key={event.id} className="flex flex-col gap-1 py-2 text-sm sm:flex-row sm:items-baseline sm:gap-4">
                <time dateTime={event.at.toISOString()} className="shrink-0 text-xs text-slate-500 sm:w-48">
                  {formatTime(event.at)}
                </time>
                <span>
                  <span className="font-medium text-slate-900">{EVENT_LABELS[event.type]}</span>
                  {event.detail ? <span className="text-slate-700">: {event.detail}</span> : null}
                  {event.actorName ? <span className="text-slate-500"> (by {event.actorName})</span> : null}
                </span>
              </li>
            ))}
          </ol>
        )}
      </Section>

      <ConfirmDialog
        open={dialog === "rotate"}
        title={`Rotate the secret of ${integration.name}?`}
        confirmLabel="Rotate secret"
        pending={rotate.isPending}
        error={rotate.error?.message}
        onConfirm={() => rotate.mutate({ id: integration.id, graceHours: grace })}
        onClose={() => {
          rotate.reset();
          setDialog(null);
        }}
      >
        <p>
          A new inbound webhook secret is generated and shown once.{" "}
          {grace === 0
            ? "The current secret stops working at once: calls that present it are refused until your system uses the new one."
            : `The current secret keeps working for ${grace === 1 ? "1 hour" : "24 hours"} next to the new one, so your system can switch without refused calls.`}
        </p>
        <GraceChoice name="inbound-grace" value={grace} onChange={setGrace} />
      </ConfirmDialog>

      <ConfirmDialog
        open={dialog === "rotate-signing"}
        title={`Rotate the signing secret of ${integration.name}?`}
        confirmLabel="Rotate signing secret"
        pending={rotateSigning.isPending}
        error={rotateSigning.error?.message}
        onConfirm={() => rotateSigning.mutate({ id: integration.id, graceHours: grace })}
        onClose={() => {
          rotateSigning.reset();
          setDialog(null);
        }}
      >
        <p>
          A new signing secret is generated; reveal it on this page.{" "}
          {grace === 0
            ? "Requests are signed with the new secret only, at once: a receiver still checking with the current one refuses them."
            : `For ${grace === 1 ? "1 hour" : "24 hours"} every request carries two signatures (webhook-signature lists both), one per secret, so your system can switch without refusing any.`}
        </p>
        <GraceChoice name="signing-grace" value={grace} onChange={setGrace} />
      </ConfirmDialog>

      <ConfirmDialog
        open={dialog === "delete"}
        title={`Delete ${integration.name}?`}
        confirmLabel={blockedByRules ? null : "Delete integration"}
        danger
        pending={remove.isPending}
        error={remove.error?.message}
        onConfirm={() => remove.mutate({ id: integration.id })}
        onClose={() => {
          remove.reset();
          setDialog(null);
        }}
      >
        {blockedByRules ? (
          <p>
            It cannot be deleted while rules use it. Change or delete these rules first: <RuleSummary usage={usage} />.
          </p>
        ) : (
          <>
            <p>
              Its webhook stops working at once and it receives nothing more; deliveries still waiting for it are marked failed. It
              disappears from lists and pickers.
            </p>
            {usage.services.length > 0 ? (
              <p>
                It is removed from {usage.services.length === 1 ? "the service" : "the services"}{" "}
                {usage.services.map((s) => `"${s.name}"`).join(", ")}.
              </p>
            ) : (
              <p>No service uses it.</p>
            )}
            <p>
              {usage.conversations > 0
                ? `Its ${usage.conversations} ${usage.conversations === 1 ? "conversation" : "conversations"}, with their messages and deliveries, are kept for the inspector`
                : "Any history it has is kept for the inspector"}
              , shown as &quot;(deleted integration)&quot;.
            </p>
            {isOwner ? (
              <p>
                <Button
                  variant="secondary"
                  onClick={() => {
                    remove.reset();
                    setDialog("deleteHistory");
                  }}
                >
                  Delete with history…
                </Button>
              </p>
            ) : null}
          </>
        )}
      </ConfirmDialog>

      {isOwner ? (
        <ConfirmDialog
          open={dialog === "deleteHistory"}
          title={`Delete ${integration.name} with its history?`}
          confirmLabel={blockedByRules || !counts.data ? null : "Delete with history"}
          danger
          pending={removeWithHistory.isPending}
          error={removeWithHistory.error?.message ?? counts.error?.message}
          onConfirm={() => counts.data && removeWithHistory.mutate({ id: integration.id, confirm: counts.data })}
          onClose={() => {
            removeWithHistory.reset();
            setDialog(null);
          }}
        >
          {blockedByRules ? (
            <p>
              It cannot be deleted while rules use it. Change or delete these rules first: <RuleSummary usage={usage} />.
            </p>
          ) : counts.data ? (
            <p data-testid="history-counts">
              This cannot be undone. It removes the integration and {describeHistoryCounts(counts.data)}, with every attempt, from
              the inspector for good.
            </p>
          ) : (
            <p>Counting its history…</p>
          )}
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

type Usage = { services: Array<{ id: string; name: string }>; rules: Array<{ id: string; serviceName: string; as: "BOT" | "CCSP" }>; conversations: number };

function UsageList({ usage }: { usage: Usage }) {
  if (usage.services.length === 0 && usage.rules.length === 0) {
    return (
      <p className="text-sm text-slate-600">
        No service uses it yet. Map it to a service on the{" "}
        <Link href="/services" className="font-medium text-indigo-600 hover:underline">
          Services
        </Link>{" "}
        page, then add a rule.
      </p>
    );
  }
  return (
    <ul className="list-inside list-disc space-y-1 text-sm text-slate-700">
      {usage.services.map((service) => (
        <li key={service.id}>Mapped to service &quot;{service.name}&quot;</li>
      ))}
      {usage.rules.length > 0 ? (
        <li>
          Used by <RuleSummary usage={usage} />
        </li>
      ) : null}
      {usage.conversations > 0 ? <li>{plural(usage.conversations, "conversation")}</li> : null}
    </ul>
  );
}

function RuleSummary({ usage }: { usage: Usage }) {
  const perService = new Map<string, number>();
  for (const rule of usage.rules) perService.set(rule.serviceName, (perService.get(rule.serviceName) ?? 0) + 1);
  return <>{[...perService].map(([service, n]) => `${n} ${n === 1 ? "rule" : "rules"} of service "${service}"`).join(", ")}</>;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = `section-${title.toLowerCase().replace(/\W+/g, "-")}`;
  return (
    <section aria-labelledby={id} className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h2 id={id} className="mb-4 text-lg font-semibold text-slate-900">
        {title}
      </h2>
      {children}
    </section>
  );
}
