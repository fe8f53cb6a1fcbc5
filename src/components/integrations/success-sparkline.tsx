"use client";

import { Line, LineChart, YAxis } from "recharts";
import type { RouterOutputs } from "@/lib/router-outputs";

/** Success rate per hour over the last 24 hours (`hourly`, oldest first; null for an hour without attempts). */
type SparklineData = RouterOutputs["delivery"]["sparklines"][number];

/** An integration's hourly success rate over the last 24 hours, small enough for a table cell. */
export function SuccessSparkline({ data }: { data: SparklineData | undefined }) {
  if (!data || data.attempts === 0) return <span className="text-xs text-slate-400">No attempts in 24 h</span>;
  const rated = data.hourly.filter((rate): rate is number => rate !== null);
  const overall = rated.length ? rated.reduce((sum, rate) => sum + rate, 0) / rated.length : null;
  const latest = rated.at(-1) ?? null;
  const points = data.hourly.map((rate, hour) => ({ hour, rate: rate === null ? null : rate * 100 }));
  const worst = rated.length ? Math.min(...rated) : 1;
  return (
    <span
      className="inline-flex items-center gap-2"
      role="img"
      aria-label={`Success rate per hour over the last 24 hours: ${formatRate(latest)} in the latest hour with attempts, lowest ${formatRate(worst)}, ${data.attempts.toLocaleString()} attempts`}
      data-testid="integration-sparkline"
    >
      <LineChart width={96} height={24} data={points} margin={{ top: 2, right: 2, bottom: 2, left: 2 }}>
        <YAxis hide domain={[0, 100]} />
        <Line dataKey="rate" stroke={worst < 0.9 ? "#b91c1c" : "#15803d"} strokeWidth={1.5} dot={false} connectNulls isAnimationActive={false} />
      </LineChart>
      <span className={`text-xs tabular-nums ${overall !== null && overall < 0.9 ? "text-red-700" : "text-slate-700"}`}>{formatRate(latest)}</span>
    </span>
  );
}

function formatRate(rate: number | null): string {
  return rate === null ? "—" : `${(rate * 100).toFixed(rate === 1 ? 0 : 1)}%`;
}
