"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useLive, useThrottled } from "@/components/live/use-live";
import { DateTime } from "@/components/ui/date-time";
import { useTRPC } from "@/lib/trpc";
import { plural } from "@/lib/plural";
import { formatDuration } from "@/components/conversations/format";

/** The buckets are rewritten once a minute: refetching more often shows nothing new. */
const REFETCH_MS = 60_000;

const RANGES = [
  { value: "24h", label: "Last 24 hours", step: "per 5 minutes" },
  { value: "7d", label: "Last 7 days", step: "per hour" },
] as const;
type Range = (typeof RANGES)[number]["value"];

const OUTCOMES = [
  { key: "succeeded", label: "Succeeded", color: "#15803d" },
  { key: "refused", label: "Refused (error status)", color: "#d97706" },
  { key: "noAnswer", label: "No answer (timeout, network)", color: "#b91c1c" },
] as const;

const hourMinute = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const dayHour = new Intl.DateTimeFormat(undefined, { weekday: "short", hour: "2-digit" });
// Not dateStyle/timeStyle: they cannot be combined with timeZoneName (a RangeError at module load, which took the page down).
const full = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" });

/** Attempts by outcome and latency p50/p95 over 24 hours or 7 days, from the attempt buckets. */
export function HealthCharts({ integrationId }: { integrationId: string }) {
  const trpc = useTRPC();
  const [range, setRange] = useState<Range>("24h");
  const queryClient = useQueryClient();
  // New attempts show within a minute while deliveries move; an idle page asks nothing.
  const refetch = useThrottled(() => void queryClient.invalidateQueries({ queryKey: trpc.delivery.chart.queryKey() }), REFETCH_MS);
  const live = useLive({ onChange: (change) => change.what === "delivery" && refetch() });
  const chart = useQuery({ ...trpc.delivery.chart.queryOptions({ integrationId, range }), refetchInterval: live ? false : REFETCH_MS });

  const points = (chart.data?.points ?? []).map((p) => ({ ...p, time: p.at.getTime() }));
  const totals = points.reduce((t, p) => ({ succeeded: t.succeeded + p.succeeded, refused: t.refused + p.refused, noAnswer: t.noAnswer + p.noAnswer }), {
    succeeded: 0,
    refused: 0,
    noAnswer: 0,
  });
  const attempts = totals.succeeded + totals.refused + totals.noAnswer;
  const tick = (time: number) => (range === "24h" ? hourMinute : dayHour).format(time);
  const current = RANGES.find((r) => r.value === range)!;

  return (
    <div data-testid="health-charts">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-sm font-semibold text-slate-900">Attempts and latency, {current.label.toLowerCase()}</h3>
        <div role="group" aria-label="Chart range" className="inline-flex rounded-md ring-1 ring-slate-300">
          {RANGES.map((r) => (
            <button
              key={r.value}
              type="button"
              aria-pressed={range === r.value}
              onClick={() => setRange(r.value)}
              className={`px-3 py-1 text-xs font-medium first:rounded-l-md last:rounded-r-md focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${
                range === r.value ? "bg-indigo-600 text-white" : "bg-white text-slate-700 hover:bg-slate-50"
              }`}
            >
              {r.label}
            </button>
          ))}
        </div>
      </div>
      {chart.isPending ? (
        <p className="text-sm text-slate-500">Loading the charts…</p>
      ) : chart.isError ? (
        <p role="alert" className="text-sm text-red-600">
          Could not load the charts: {chart.error.message}
        </p>
      ) : attempts === 0 ? (
        <p className="text-sm text-slate-600">No attempts in this period. The charts are updated every minute.</p>
      ) : (
        <>
          <p className="mb-2 text-xs text-slate-500" data-testid="health-chart-totals">
            {plural(attempts, "attempt")} {current.step === "per hour" ? "in 7 days" : "in 24 hours"}: {totals.succeeded.toLocaleString()} succeeded,{" "}
            {totals.refused.toLocaleString()} refused, {totals.noAnswer.toLocaleString()} without an answer. Updated every minute
            {chart.data.updatedAt ? (
              <>
                {" "}
                (last <DateTime value={chart.data.updatedAt} />)
              </>
            ) : null}
            .
          </p>
          <figure className="h-56" aria-label={`Attempts ${current.step}, by outcome`}>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={points} margin={{ top: 4, right: 8, bottom: 0, left: -16 }} barCategoryGap={0}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
                <XAxis dataKey="time" tickFormatter={tick} minTickGap={40} tick={{ fontSize: 11, fill: "#64748b" }} />
                <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#64748b" }} />
                <Tooltip labelFormatter={(time) => full.format(Number(time))} />
                <Legend wrapperStyle={{ fontSize: 12 }} />
                {OUTCOMES.map((o) => (
                  <Bar key={o.key} dataKey={o.key} name={o.label} stackId="outcome" fill={o.color} isAnimationActive={false} />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </figure>
          <figure className="mt-4 h-48" aria-label={`Latency p50 and p95 ${current.step}`}>
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={points} margin={{ top: 4, right: 8, bottom: 0, left: -8 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
                <XAxis dataKey="time" tickFormatter={tick} minTickGap={40} tick={{ fontSize: 11, fill: "#64748b" }} />
                <YAxis tickFormatter={(ms: number) => formatDuration(ms)} tick={{ fontSize: 11, fill: "#64748b" }} />
                <Tooltip labelFormatter={(time) => full.format(Number(time))} formatter={(ms) => formatDuration(Number(ms))} />
                <Legend wrapperStyle={{ fontSize: 12 }} />
                <Line dataKey="p50Ms" name="Latency p50" stroke="#4f46e5" dot={false} connectNulls={false} isAnimationActive={false} />
                <Line dataKey="p95Ms" name="Latency p95" stroke="#db2777" dot={false} connectNulls={false} isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </figure>
          <p className="mt-1 text-xs text-slate-500">Latency is read from histogram bins about 19% wide: each figure is the upper end of its bin.</p>
        </>
      )}
    </div>
  );
}
