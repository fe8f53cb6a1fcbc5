"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect } from "react";
import { concerns, useLive, useThrottled } from "@/components/live/use-live";
import type { TimelineItem } from "@/server/inspector/timeline";
import { EmptyState } from "@/components/ui/empty-state";
import { useTRPC } from "@/lib/trpc";
import { DeliveryCard } from "../_components/delivery-card";
import { Badge, CONVERSATION_STATUS_STYLES, formatTime, SENDER_LABELS } from "@/components/conversations/format";
import { DetailItem } from "@/components/ui/detail-item";
import { DateTime } from "@/components/ui/date-time";

/** While the live stream does not work, the page refreshes itself this often (ms). */
const FALLBACK_MS = 2_000;
/** A retry's outcome is read again this long after it was due, should its notification have been lost (docs/live.md). */
const RETRY_GRACE_MS = 1_500;

const SENDER_STYLES: Record<"CUSTOMER" | "BOT" | "AGENT", string> = {
  CUSTOMER: "bg-white ring-slate-200",
  BOT: "bg-indigo-50 ring-indigo-200",
  AGENT: "bg-emerald-50 ring-emerald-200",
};

const EVENT_STYLES: Record<string, string> = {
  INTEGRATION_DEACTIVATED: "text-red-800 bg-red-50 ring-red-200",
  INTEGRATION_REACTIVATED: "text-green-800 bg-green-50 ring-green-200",
};

export function ConversationDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = useThrottled(() => void queryClient.invalidateQueries({ queryKey: trpc.conversation.get.queryKey({ id }) }), 500);
  const live = useLive({
    onChange: (change) => {
      const c = detail.data?.conversation;
      // Its own changes, and those of the linked BOT or CCSP conversations it shows deliveries of.
      if (concerns(change, [id, c?.parent?.id, ...(c?.children.map((child) => child.id) ?? [])])) refresh();
    },
  });
  const detail = useQuery(trpc.conversation.get.queryOptions({ id }, { refetchInterval: live ? false : FALLBACK_MS }));
  const nextRetryAt = earliestRetry(detail.data?.items);
  useEffect(() => {
    if (!live || nextRetryAt === null) return;
    const timer = setTimeout(refresh, Math.max(1_000, nextRetryAt - Date.now() + RETRY_GRACE_MS));
    return () => clearTimeout(timer);
  }, [live, nextRetryAt, refresh]);

  // A search result links here with the message's ID as the fragment: scroll to it once shown.
  // (The data only ever loads in the browser, so the fragment can be read while rendering it.)
  const loaded = detail.data !== undefined;
  const focused = loaded && typeof window !== "undefined" ? decodeURIComponent(window.location.hash.slice(1)) || null : null;
  useEffect(() => {
    if (focused) document.getElementById(focused)?.scrollIntoView({ block: "center" });
  }, [focused]);

  if (detail.isPending) return <p className="text-sm text-slate-500">Loading the conversation…</p>;
  if (detail.isError) {
    return detail.error.data?.code === "NOT_FOUND" ? (
      <EmptyState title="Conversation not found">
        There is no conversation {id} in this organization.{" "}
        <Link href="/conversations" className="font-medium text-indigo-600 hover:underline">
          Back to Conversations
        </Link>
      </EmptyState>
    ) : (
      <p role="alert" className="text-sm text-red-600">
        Could not load the conversation: {detail.error.message}
      </p>
    );
  }

  const { conversation: c, items, truncated, counts, viewer } = detail.data;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="flex flex-wrap items-center gap-3 text-2xl font-bold tracking-tight text-slate-900">
          {c.kind} conversation
          <Badge testId="conversation-status" className={CONVERSATION_STATUS_STYLES[c.status]}>
            {c.status === "OPEN" ? "Open" : "Closed"}
          </Badge>
        </h1>
        <p className="mt-1 font-mono text-sm text-slate-600" data-testid="conversation-id">
          {c.id}
        </p>
        <p className="mt-2 flex flex-wrap gap-3 text-sm">
          <span className="text-slate-500">Download:</span>
          {/* Plain links: the browser downloads with the session cookie. */}
          <a href={`/api/conversations/${encodeURIComponent(c.id)}/export?format=json`} download className="text-indigo-700 hover:underline">
            JSON
          </a>
          <a href={`/api/conversations/${encodeURIComponent(c.id)}/export?format=text`} download className="text-indigo-700 hover:underline">
            Transcript
          </a>
        </p>
      </div>

      <section aria-label="Details" className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2 lg:grid-cols-3">
          <DetailItem label="Channel user">
            <span className="font-mono">{c.channelUserId}</span>
          </DetailItem>
          <DetailItem label="Channel">
            <Link href={`/channels/${c.channel.id}`} className="text-indigo-700 hover:underline">
              {c.channel.name}
            </Link>{" "}
            <span className="text-slate-500">({c.channel.channelLabel})</span>
          </DetailItem>
          <DetailItem label="Service">
            {c.service ? (
              <Link href={`/services/${c.service.id}`} className="text-indigo-700 hover:underline">
                {c.service.name}
              </Link>
            ) : (
              "—"
            )}
          </DetailItem>
          <DetailItem label={c.kind === "BOT" ? "Bot" : "CCSP"}>
            {c.integration.deleted ? (
              <span className="text-slate-600">{c.integration.name}</span>
            ) : (
              <Link href={`/integrations/${c.integration.id}`} className="text-indigo-700 hover:underline">
                {c.integration.name}
              </Link>
            )}
            {c.integration.status !== "ACTIVE" && !c.integration.deleted ? (
              <>
                {" "}
                <span className="ml-1 rounded-full bg-red-100 px-2 py-0.5 text-xs font-medium text-red-800">
                  {c.integration.status === "INACTIVE" ? "Inactive" : "Unverified"}
                </span>
              </>
            ) : null}
          </DetailItem>
          {c.ccspIntegration ? (
            <DetailItem label="Hands over to">
              {c.ccspIntegration.deleted ? (
                <span className="text-slate-600">{c.ccspIntegration.name}</span>
              ) : (
                <Link href={`/integrations/${c.ccspIntegration.id}`} className="text-indigo-700 hover:underline">
                  {c.ccspIntegration.name}
                </Link>
              )}
            </DetailItem>
          ) : null}
          <DetailItem label="Started">
            <DateTime value={c.createdAt} />
          </DetailItem>
          <DetailItem label={c.closedAt ? "Closed" : "Last activity"}><DateTime value={c.closedAt ?? c.lastActivityAt} /></DetailItem>
          {c.handoverReason ? <DetailItem label="Handover reason">{c.handoverReason}</DetailItem> : null}
          {c.kind === "CCSP" && c.acceptedAt ? (
            <DetailItem label="Agent">
              {c.assignee?.name ?? "A former member"}, since {formatTime(c.acceptedAt)}
            </DetailItem>
          ) : null}
          <DetailItem label="Activity">
            {counts.messages} {counts.messages === 1 ? "message" : "messages"}, {counts.deliveries} {counts.deliveries === 1 ? "delivery" : "deliveries"}
            {counts.failedDeliveries > 0 ? <span className="text-red-700"> ({counts.failedDeliveries} failed)</span> : null}
          </DetailItem>
        </dl>

        {c.parent ? (
          <p className="mt-4 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700" data-testid="parent-link">
            Handed over from the{" "}
            <Link href={`/conversations/${c.parent.id}`} className="font-medium text-indigo-700 hover:underline">
              BOT conversation <span className="font-mono">{c.parent.id}</span>
            </Link>{" "}
            with {c.parent.integrationName} ({c.parent.status === "OPEN" ? "open" : "closed"}).
          </p>
        ) : null}
        {c.children.length > 0 ? (
          <div className="mt-4 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700">
            <p className="font-medium">Handovers to a CCSP</p>
            <ul aria-label="CCSP conversations" className="mt-1 space-y-1">
              {c.children.map((child) => (
                <li key={child.id}>
                  <Link href={`/conversations/${child.id}`} className="font-mono text-indigo-700 hover:underline">
                    {child.id}
                  </Link>{" "}
                  with {child.integrationName}, {formatTime(child.createdAt)}
                  {child.handoverReason ? `, reason: ${child.handoverReason}` : ""} —{" "}
                  {child.status === "OPEN" ? (c.activeCcspConversationId === child.id ? "holds the conversation now" : "open") : "closed"}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>

      <section aria-labelledby="timeline-heading" className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <div className="mb-4 flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="timeline-heading" className="text-lg font-semibold text-slate-900">
            Timeline
          </h2>
          <p className="text-xs text-slate-500">Updates live. Open a delivery to see its attempts and the request payload.</p>
        </div>
        {truncated ? <p className="mb-3 text-xs text-amber-700">Only the latest messages are shown.</p> : null}
        <ol aria-label="Timeline" className="space-y-3">
          {items.map((item) => (
            <li
              key={item.key}
              id={item.type === "MESSAGE" ? item.message.id : undefined}
              data-testid="timeline-item"
              data-type={item.type}
              data-focused={item.type === "MESSAGE" && item.message.id === focused ? "true" : undefined}
              className={`flex scroll-mt-4 gap-3 rounded-md ${item.type === "MESSAGE" && item.message.id === focused ? "ring-2 ring-amber-400 ring-offset-2" : ""}`}
            >
              <DateTime value={item.at} precision="ms" className="w-28 shrink-0 pt-2 text-right font-mono text-xs text-slate-500 sm:w-44" />
              <div className="min-w-0 flex-1 space-y-2">
                {item.type === "MESSAGE" ? (
                  <div data-testid="timeline-message" className={`rounded-lg px-3 py-2 ring-1 ${SENDER_STYLES[item.message.sender]}`}>
                    <p className="text-xs font-semibold text-slate-600">
                      {item.message.kind === "RECEIPT" ? "Receipt from the channel" : SENDER_LABELS[item.message.sender]}
                      {item.message.agentName ? ` · ${item.message.agentName}` : ""}
                      {item.message.kind === "POSTBACK" ? " · postback" : ""}
                      {item.message.kind === "ECHO" ? " · written on the Page, outside Switchboard" : ""}
                      {item.message.messageType !== "text" ? ` · ${item.message.messageType}` : ""}
                      <span className="ml-2 font-mono font-normal text-slate-400">{item.message.id}</span>
                    </p>
                    <p className="mt-1 whitespace-pre-wrap break-words text-sm text-slate-900">
                      {item.message.kind === "RECEIPT"
                        ? `${item.message.text ?? ""} for ${String((item.message.customParams as Record<string, unknown> | null)?.messageId ?? "a message")}`
                        : (item.message.text ?? item.message.postbackPayload)}
                    </p>
                    <CustomParams value={item.message.customParams} />
                  </div>
                ) : item.type === "EVENT" ? (
                  <div
                    data-testid="timeline-event"
                    data-event={item.event}
                    className={`rounded-lg px-3 py-2 text-sm ring-1 ${EVENT_STYLES[item.event] ?? "bg-amber-50 text-amber-900 ring-amber-200"}`}
                  >
                    <p className="font-medium">{item.title}</p>
                    {item.detail ? <p className="mt-0.5">{item.detail}</p> : null}
                    {item.link ? (
                      <Link href={`/conversations/${item.link.conversationId}`} className="mt-0.5 inline-block font-medium text-indigo-700 hover:underline">
                        {item.link.label} <span className="font-mono">{item.link.conversationId}</span>
                      </Link>
                    ) : null}
                  </div>
                ) : null}
                {item.type === "DELIVERY" && item.delivery.messageConversationId && item.delivery.messageConversationId !== c.id ? (
                  <p className="text-xs text-slate-500">
                    Carries a message of{" "}
                    <Link href={`/conversations/${item.delivery.messageConversationId}`} className="font-mono text-indigo-700 hover:underline">
                      {item.delivery.messageConversationId}
                    </Link>
                  </p>
                ) : null}
                {(item.type === "DELIVERY" ? [item.delivery] : item.deliveries).map((d) => (
                  <DeliveryCard key={d.id} delivery={d} canReplay={viewer.canReplay} conversationId={c.id} />
                ))}
              </div>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

function CustomParams({ value }: { value: unknown }) {
  if (!value || typeof value !== "object") return null;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return null;
  return (
    <dl className="mt-1 flex flex-wrap gap-x-3 text-xs text-slate-500">
      {entries.map(([key, v]) =>
        v !== null && typeof v === "object" ? (
          // A structured value, such as the Messenger event a message came in (docs/messenger.md).
          <div key={key} className="w-full">
            <dt className="inline">{key}: </dt>
            <dd className="inline">
              <details className="inline">
                <summary className="inline cursor-pointer underline">as received</summary>
                <pre className="mt-1 overflow-x-auto rounded bg-slate-100 p-2 font-mono text-slate-700">{JSON.stringify(v, null, 2)}</pre>
              </details>
            </dd>
          </div>
        ) : (
          <div key={key}>
            <dt className="inline">{key}: </dt>
            <dd className="inline font-mono">{String(v)}</dd>
          </div>
        ),
      )}
    </dl>
  );
}

/** When the earliest scheduled retry of a delivery shown here is due (ms), or null. */
function earliestRetry(items: TimelineItem[] | undefined): number | null {
  let earliest: number | null = null;
  for (const item of items ?? []) {
    const deliveries = item.type === "DELIVERY" ? [item.delivery] : item.deliveries;
    for (const d of deliveries) {
      if (d.state !== "PENDING" || !d.nextAttemptAt) continue;
      const due = new Date(d.nextAttemptAt).getTime();
      if (earliest === null || due < earliest) earliest = due;
    }
  }
  return earliest;
}
