/** Words and formats the conversation screens (inspector, agent desk, integration health) share. */
import type { ReactNode } from "react";
import { formatDateTime } from "@/lib/date-time";

/** Times in the one format of src/lib/date-time.ts; components use <DateTime> for the UTC title. */
export function formatTime(date: Date | null | undefined): string {
  return date ? formatDateTime(date) : "—";
}

/** With milliseconds: deliveries and attempts happen within the same second. */
export function formatClock(date: Date): string {
  return formatDateTime(date, { precision: "ms" });
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  return ms < 1_000 ? `${ms} ms` : `${(ms / 1_000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export const SENDER_LABELS: Record<"CUSTOMER" | "BOT" | "AGENT", string> = {
  CUSTOMER: "Customer",
  BOT: "Bot",
  AGENT: "Agent",
};

export const DELIVERY_STATE_LABELS: Record<"PENDING" | "DELIVERED" | "FAILED" | "HELD", string> = {
  PENDING: "Pending",
  DELIVERED: "Delivered",
  FAILED: "Failed",
  HELD: "Held",
};

export const DELIVERY_STATE_STYLES: Record<"PENDING" | "DELIVERED" | "FAILED" | "HELD", string> = {
  PENDING: "bg-amber-50 text-amber-800 ring-amber-600/30",
  DELIVERED: "bg-green-50 text-green-800 ring-green-600/30",
  FAILED: "bg-red-50 text-red-800 ring-red-600/30",
  HELD: "bg-slate-100 text-slate-700 ring-slate-500/30",
};

export const CONVERSATION_STATUS_STYLES: Record<"OPEN" | "CLOSED", string> = {
  OPEN: "bg-green-50 text-green-800 ring-green-600/30",
  CLOSED: "bg-slate-100 text-slate-700 ring-slate-500/30",
};

export function Badge({ className, children, testId }: { className: string; children: ReactNode; testId?: string }) {
  return (
    <span data-testid={testId} className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${className}`}>
      {children}
    </span>
  );
}
