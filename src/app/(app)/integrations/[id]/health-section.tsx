"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import type { RouterOutputs } from "@/lib/router-outputs";
import { useTRPC } from "@/lib/trpc";
import { formatDuration, formatTime } from "@/components/conversations/format";
import { useLive, useThrottled } from "@/components/live/use-live";
import { DateTime } from "@/components/ui/date-time";
import { HealthCharts } from "./health-charts";

/** Attempts happen in the background: while deliveries move, the section refreshes at most this often (ms). */
const REFRESH_MS = 5_000;

/** Delivery health on an integration's page: success rate, latency, the latest attempts, deactivations. */
export function IntegrationHealthSection({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Told by the live stream when a delivery moved; polls only while the stream is down, so an idle page asks nothing.
  const refresh = useThrottled(() => void queryClient.invalidateQueries({ queryKey: trpc.delivery.health.queryKey() }), REFRESH_MS);
  // "alert": a deactivation or reactivation (docs/alerts.md), which the deactivation history shows.
  const live = useLive({ onChange: (change) => (change.what === "delivery" || change.what === "alert") && refresh() });
  const health = useQuery(trpc.delivery.health.queryOptions({ integrationId: id }, { refetchInterval: live ? false : REFRESH_MS }));

  // The page above already says when the integration does not exist.
  if (health.isError && health.error.data?.code === "NOT_FOUND") return null;
  return (
    <section aria-labelledby="section-delivery-health" className="mt-6 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h2 id="section-delivery-health" className="mb-4 text-lg font-semibold text-slate-900">
        Delivery health
      </h2>
      {health.isPending ? (
        <p className="text-sm text-slate-500">Loading…</p>
      ) : health.isError ? (
        <p role="alert" className="text-sm text-red-600">
          Could not load the delivery health: {health.error.message}
        </p>
      ) : health.data.integration.platform === "BUILT_IN" ? (
        <p className="text-sm text-slate-600">The built-in agent desk receives no webhooks, so there are no delivery attempts to measure.</p>
      ) : (
        <HealthBody data={health.data} integrationId={id} />
      )}
    </section>
  );
}

type Health = RouterOutputs["delivery"]["health"];

function HealthBody({ data, integrationId }: { data: Health; integrationId: string }) {
  const { window: w } = data;
  return (
    <div className="space-y-6">
      {w.attempts === 0 ? (
        <p className="text-sm text-slate-600">No delivery has been attempted yet: the figures appear with the first message it is sent.</p>
      ) : (
        <dl className="grid gap-4 sm:grid-cols-3" aria-label="Over the last attempts">
          <Stat label={`Success rate (last ${w.attempts} ${w.attempts === 1 ? "attempt" : "attempts"})`} testId="health-success-rate">
            {w.successRate === null ? "—" : `${(w.successRate * 100).toFixed(1)}%`}
            <span className="mt-1 block text-xs font-normal text-slate-500">
              {w.succeeded} succeeded, {w.failed} failed{w.since ? `, since ${formatTime(w.since)}` : ""}
            </span>
          </Stat>
          <Stat label="Latency p50" testId="health-p50">
            {formatDuration(w.p50Ms)}
          </Stat>
          <Stat label="Latency p95" testId="health-p95">
            {formatDuration(w.p95Ms)}
          </Stat>
        </dl>
      )}

      <HealthCharts integrationId={integrationId} />

      {data.recent.length > 0 ? (
        <div>
          <h3 className="mb-2 text-sm font-semibold text-slate-900">Latest attempts</h3>
          <div className="overflow-x-auto">
            <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="Latest attempts">
              <thead className="text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className="py-2 pr-3">Time</th>
                  <th scope="col" className="py-2 pr-3">Delivery</th>
                  <th scope="col" className="py-2 pr-3">Result</th>
                  <th scope="col" className="py-2 text-right">Duration</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.recent.map((a) => (
                  <tr key={a.id} data-testid="health-attempt" className="align-top">
                    <td className="py-1.5 pr-3 whitespace-nowrap text-slate-600"><DateTime value={a.startedAt} precision="ms" /></td>
                    <td className="py-1.5 pr-3">
                      {a.conversationId ? (
                        <Link href={`/conversations/${a.conversationId}`} className="font-mono text-xs text-indigo-700 hover:underline">
                          {a.deliveryId}
                        </Link>
                      ) : (
                        <span className="font-mono text-xs">{a.deliveryId}</span>
                      )}
                      <span className="block text-xs text-slate-500">
                        {a.event ?? "Webhook"} · attempt {a.number}
                      </span>
                    </td>
                    <td className={`py-1.5 pr-3 ${a.ok ? "text-green-700" : "text-red-700"}`}>
                      {a.statusCode !== null ? `HTTP ${a.statusCode}` : "No response"}
                      {a.error ? `: ${a.error}` : ""}
                    </td>
                    <td className="py-1.5 text-right whitespace-nowrap tabular-nums">{formatDuration(a.durationMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}

      <div>
        <h3 className="mb-2 text-sm font-semibold text-slate-900">Deactivation history</h3>
        {data.deactivations.length === 0 ? (
          <p className="text-sm text-slate-600">Never made inactive. Five consecutive failed attempts would make it inactive and hold its deliveries.</p>
        ) : (
          <ol aria-label="Deactivation history" className="divide-y divide-slate-100">
            {data.deactivations.map((e) => (
              <li key={e.id} className="flex flex-col gap-1 py-2 text-sm sm:flex-row sm:items-baseline sm:gap-4">
                <time dateTime={e.at.toISOString()} className="shrink-0 text-xs text-slate-500 sm:w-48">
                  {formatTime(e.at)}
                </time>
                <span>
                  <span className={`font-medium ${e.type === "DEACTIVATED" ? "text-red-700" : "text-green-700"}`}>
                    {e.type === "DEACTIVATED" ? "Made inactive" : "Active again"}
                  </span>
                  {e.detail ? <span className="text-slate-700">: {e.detail}</span> : null}
                </span>
              </li>
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}

function Stat({ label, children, testId }: { label: string; children: ReactNode; testId: string }) {
  return (
    <div className="rounded-md bg-slate-50 p-3 ring-1 ring-slate-200">
      <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-1 text-xl font-semibold text-slate-900" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}
