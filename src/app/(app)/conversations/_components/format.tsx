/** Words and formats the conversation screens (inspector, agent desk, integration health) share. */
import type { ReactNode } from "react";

export function formatTime(date: Date | null | undefined): string {
  return date ? date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" }) : "—";
}

/** A time of day with milliseconds: deliveries and attempts happen within the same second. */
export function formatClock(date: Date): string {
  const time = date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
  return `${time}.${String(date.getMilliseconds()).padStart(3, "0")}`;
}

/**
 * A time that something is due, with its time zone so that no one misreads it: "10:42:05
 * (GMT+1)", the day first when it is not today.
 */
export function formatZonedTime(date: Date, now = new Date()): string {
  const today = date.toDateString() === now.toDateString();
  const parts = new Intl.DateTimeFormat(undefined, {
    ...(today ? {} : { day: "numeric", month: "short" }),
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZoneName: "shortOffset",
  }).formatToParts(date);
  const zone = parts.find((p) => p.type === "timeZoneName")?.value;
  const time = parts
    .filter((p) => p.type !== "timeZoneName")
    .map((p) => p.value)
    .join("")
    .trim();
  return zone ? `${time} (${zone})` : time;
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
