"use client";

import { formatDateTime, formatUtc, type DateTimeOptions } from "@/lib/date-time";

/**
 * A moment as the app writes it (src/lib/date-time.ts), with the exact UTC time, and anything
 * else worth knowing (a payload's own timestamp), on hover. The server renders it in its own
 * zone and the browser in the viewer's: the text may differ between the two on purpose.
 */
export function DateTime({
  value,
  precision,
  fallback = "—",
  note,
  className,
}: {
  value: Date | string | null | undefined;
  precision?: DateTimeOptions["precision"];
  fallback?: string;
  /** A further line for the hover title. */
  note?: string;
  className?: string;
}) {
  if (!value) return <>{fallback}</>;
  const date = typeof value === "string" ? new Date(value) : value;
  return (
    <time dateTime={date.toISOString()} title={note ? `${formatUtc(date)}\n${note}` : formatUtc(date)} className={className} suppressHydrationWarning>
      {formatDateTime(date, { precision })}
    </time>
  );
}
