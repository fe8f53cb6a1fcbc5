"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { RouterOutputs } from "@/lib/router-outputs";
import { Badge, DELIVERY_STATE_LABELS, DELIVERY_STATE_STYLES, formatDuration } from "@/components/conversations/format";
import { WaitLine } from "./wait-line";
import { DateTime } from "@/components/ui/date-time";

/** One delivery of the conversation's timeline, as `conversation.get` returns it. */
type TimelineItem = RouterOutputs["conversation"]["get"]["items"][number];
export type DeliveryCardData = Extract<TimelineItem, { type: "DELIVERY" }>["delivery"];

function receiverLabel(receiver: DeliveryCardData["receiver"]): string {
  if (!receiver) return "a receiver that was deleted";
  return receiver.kind === "CHANNEL" ? `channel "${receiver.name}" (callback URL)` : `${receiver.name}`;
}

/** One outbound delivery: where it went, its state, every attempt and the request payload; Replay when it FAILED. */
export function DeliveryCard({ delivery, canReplay, conversationId }: { delivery: DeliveryCardData; canReplay: boolean; conversationId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const replay = useMutation(
    trpc.delivery.replay.mutationOptions({
      onSuccess: (outcome) => {
        setConfirming(false);
        setResult(
          outcome.outcome === "DELIVERED"
            ? `Replayed: delivered on attempt ${outcome.attempt}.`
            : outcome.outcome === "FAILED_ATTEMPT"
              ? `Replayed: attempt ${outcome.attempt} failed (${outcome.reason}).`
              : outcome.outcome === "HELD"
                ? "The integration is inactive: the delivery is held until it is verified again."
                : outcome.outcome === "WAITING"
                  ? "Queued behind an earlier delivery to the same receiver."
                  : "Nothing to replay.",
        );
      },
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.conversation.get.queryKey({ id: conversationId }) }),
    }),
  );
  const last = delivery.attemptLog.at(-1);
  return (
    <div id={`delivery-${delivery.id}`} data-testid="delivery" data-delivery-id={delivery.id} className="scroll-mt-4 rounded-md border border-slate-200 bg-slate-50 text-sm">
      <details>
        <summary className="flex cursor-pointer flex-wrap items-center gap-2 px-3 py-2">
          <span aria-hidden="true">→</span>
          <span className="font-medium text-slate-800">{delivery.event ?? "Webhook"}</span>
          <span className="text-slate-600">to {receiverLabel(delivery.receiver)}</span>
          <Badge testId="delivery-state" className={DELIVERY_STATE_STYLES[delivery.state]}>
            {DELIVERY_STATE_LABELS[delivery.state]}
          </Badge>
          <span className="text-xs text-slate-500" data-testid="delivery-attempts">
            {delivery.attempts} {delivery.attempts === 1 ? "attempt" : "attempts"}
            {last ? ` · last ${last.statusCode !== null ? `HTTP ${last.statusCode}` : "no response"} in ${formatDuration(last.durationMs)}` : ""}
          </span>
        </summary>
        <div className="space-y-3 border-t border-slate-200 px-3 py-3">
          <p className="font-mono text-xs text-slate-500">
            {delivery.id} (webhook-id) · queued <DateTime value={delivery.createdAt} precision="ms" />
            {delivery.deliveredAt ? (
              <>
                {" "}
                · delivered <DateTime value={delivery.deliveredAt} precision="ms" />
              </>
            ) : null}
          </p>
          {delivery.wait?.kind === "HELD" ? (
            <p className="text-xs text-slate-600">Verifying the integration again releases its held deliveries, in order.</p>
          ) : null}
          {delivery.attemptLog.length === 0 ? (
            <p className="text-xs text-slate-600">No attempt yet.</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="min-w-full text-xs" aria-label={`Attempts of ${delivery.id}`}>
                <thead className="text-left text-slate-500">
                  <tr>
                    <th scope="col" className="py-1 pr-3">#</th>
                    <th scope="col" className="py-1 pr-3">Started</th>
                    <th scope="col" className="py-1 pr-3">Duration</th>
                    <th scope="col" className="py-1 pr-3">Result</th>
                    <th scope="col" className="py-1">Response start</th>
                  </tr>
                </thead>
                <tbody>
                  {delivery.attemptLog.map((a) => (
                    <tr key={a.number} data-testid="attempt" className="align-top">
                      <td className="py-1 pr-3 tabular-nums">{a.number}</td>
                      <td className="py-1 pr-3 whitespace-nowrap">
                        <DateTime value={a.startedAt} precision="ms" />
                      </td>
                      <td className="py-1 pr-3 whitespace-nowrap tabular-nums">{formatDuration(a.durationMs)}</td>
                      <td className={`py-1 pr-3 ${a.ok ? "text-green-700" : "text-red-700"}`} data-testid="attempt-result">
                        {a.statusCode !== null ? `HTTP ${a.statusCode}` : "No response"}
                        {a.error ? `: ${a.error}` : ""}
                      </td>
                      <td className="py-1">
                        <code className="block max-w-md truncate font-mono text-slate-600" title={a.responseStart ?? ""}>
                          {a.responseStart || "—"}
                        </code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div>
            <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Request payload</p>
            <PayloadTimestamp payload={delivery.payload} />
            <pre className="mt-1 max-h-64 overflow-auto rounded bg-white p-2 font-mono text-xs text-slate-800 ring-1 ring-slate-200" data-testid="delivery-payload">
              {JSON.stringify(delivery.payload, null, 2)}
            </pre>
          </div>
        </div>
      </details>
      {delivery.wait ? <WaitLine wait={delivery.wait} canReplay={canReplay} /> : null}
      {(delivery.state === "FAILED" && canReplay) || result ? (
        <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 px-3 py-2">
          {delivery.state === "FAILED" && canReplay ? (
            <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => setConfirming(true)}>
              Replay
            </Button>
          ) : null}
          {result ? (
            <span role="status" className="text-xs text-slate-700">
              {result}
            </span>
          ) : null}
        </div>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title="Replay this delivery?"
        confirmLabel="Replay"
        pending={replay.isPending}
        error={replay.error?.message}
        onConfirm={() => replay.mutate({ id: delivery.id })}
        onClose={() => {
          replay.reset();
          setConfirming(false);
        }}
      >
        <p>
          The same request (same payload, same webhook-id {delivery.id}) is sent once more to {receiverLabel(delivery.receiver)}, as attempt{" "}
          {delivery.attempts + 1}. A receiver that deduplicates by webhook-id ignores it if it already processed it.
        </p>
      </ConfirmDialog>
    </div>
  );
}

/** The payload's `Timestamp` is GMT on the wire ("YYYY-MM-DD hh:mm:ss.SSS"): say so, and when that was here. */
function PayloadTimestamp({ payload }: { payload: unknown }) {
  const stamp = payload && typeof payload === "object" && "Timestamp" in payload ? (payload as { Timestamp: unknown }).Timestamp : null;
  if (typeof stamp !== "string") return null;
  const at = new Date(`${stamp.replace(" ", "T")}Z`);
  return (
    <p className="mt-1 text-xs text-slate-600" data-testid="payload-timestamp">
      Timestamp <span className="font-mono">{stamp}</span> GMT
      {Number.isNaN(at.getTime()) ? null : (
        <>
          {" "}
          (<DateTime value={at} precision="ms" note={`Payload: ${stamp} GMT`} />)
        </>
      )}
    </p>
  );
}
