/** Reading a run: latency percentiles and the one-line row every level and scenario prints. */
import type { Driven } from "./drive";
import type { Delivered } from "./bench-bot";

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

export interface RunSummary {
  accepted: Driven;
  delivered: number;
  /** Delivered end to end per second, from the first send to the last arrival. */
  deliveredPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

export function summarise(accepted: Driven, batch: readonly Delivered[], startedAt: number): RunSummary {
  const latencies = batch.map((d) => d.latencyMs).sort((a, b) => a - b);
  const lastAt = Math.max(...batch.map((d) => d.sentAt + d.latencyMs));
  return {
    accepted,
    delivered: batch.length,
    deliveredPerSecond: batch.length / ((lastAt - startedAt) / 1000),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  };
}

/** The same columns as the hot path's levels (scripts/bench.ts). */
export const row = (label: string, run: RunSummary) =>
  [
    label,
    `accepted ${run.accepted.rps.toFixed(0)}/s`,
    `delivered end to end ${run.deliveredPerSecond.toFixed(0)}/s`,
    `channel API → bot p50 ${run.p50} ms, p95 ${run.p95} ms, p99 ${run.p99} ms`,
    "floor —",
    `refused ${run.accepted.non2xx}${refusalsOf(run.accepted)}`,
  ].join(" | ");

const refusalsOf = (driven: Driven) => {
  const entries = Object.entries(driven.refusals ?? {});
  return entries.length ? ` (${entries.map(([why, count]) => `${why} ×${count}`).join(", ")})` : "";
};

export const verdict = (ok: boolean, what: string) => `${ok ? "PASS" : "FAIL"} ${what}`;
