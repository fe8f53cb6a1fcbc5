/**
 * When a failed delivery is tried again (docs/delivery.md, "Retry schedule"): the retries go at fixed
 * offsets after the schedule's first attempt (DELIVERY_RETRY_SCHEDULE, default 1, 5, 15 and 60
 * minutes), a receiver's `Retry-After` pushes the next one later but never past the schedule's
 * end, and after the last retry the delivery is FAILED.
 */
import { env } from "@/server/config/env";

export type NextAttempt = { at: Date } | { giveUp: string };

export function nextAttempt(args: {
  /** Attempts made in this schedule, the failed one included. */
  attemptsMade: number;
  scheduleStartedAt: Date;
  now: Date;
  retryAfterMs?: number;
  schedule?: readonly number[];
}): NextAttempt {
  const schedule = args.schedule ?? env().DELIVERY_RETRY_SCHEDULE;
  const offset = schedule[args.attemptsMade - 1];
  if (offset === undefined) return { giveUp: `no retries left (${schedule.length} made)` };
  const start = args.scheduleStartedAt.getTime();
  const end = start + (schedule[schedule.length - 1] ?? 0) * 1000;
  const slot = start + offset * 1000;
  const earliest = args.retryAfterMs === undefined ? slot : Math.max(slot, args.now.getTime() + args.retryAfterMs);
  if (earliest > end) return { giveUp: "the receiver's Retry-After is past the end of the retry schedule" };
  return { at: new Date(earliest) };
}
