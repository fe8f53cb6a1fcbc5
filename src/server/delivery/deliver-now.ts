/**
 * The delivery pipeline around the one attempt function. Ordering rule: deliveries with the
 * same orderingKey (one conversation, one receiver) go out in creation order; a delivery
 * waits while an earlier one is PENDING or HELD, and each finished delivery (DELIVERED or
 * FAILED) starts the next one. The database enforces it (attemptDelivery checks for an
 * unfinished earlier delivery before every attempt), not Inngest's concurrency keys.
 */
import { pool, type Db } from "@/server/db/client";
import { env } from "@/server/config/env";
import { attemptDelivery, type AttemptOutcome } from "./attempt";
import { sendEvents } from "@/server/inngest/send-events";
import { recordDeactivation } from "./deactivation";
import { integrationDeactivated, retryRequested, type EventSender } from "./events";

/** First attempts, right after the caller was answered (and by the relay for lost ones). */
export async function deliverNow(db: Db, deliveryIds: readonly string[], send: EventSender = sendEvents): Promise<void> {
  await Promise.all(deliveryIds.map((id) => deliverInOrder(db, id, send)));
}

/**
 * Attempts a delivery that is not in a retry schedule; a failure starts its retry schedule.
 * After a success, the next delivery waiting behind it goes, and so on.
 */
export async function deliverInOrder(db: Db, deliveryId: string, send: EventSender): Promise<AttemptOutcome> {
  let current: string | null = deliveryId;
  let outcome: AttemptOutcome = { outcome: "SKIPPED" };
  while (current) {
    outcome = await attemptDelivery(db, current);
    await announceDeactivation(db, outcome, current, send);
    if (outcome.outcome === "FAILED_ATTEMPT") await requestRetries(db, current, send);
    current = outcome.outcome === "DELIVERED" ? await nextInOrder(current) : null;
  }
  return outcome;
}

/** One retry of a delivery in its schedule (called by the Inngest retry function). */
export async function retryOnce(db: Db, deliveryId: string, send: EventSender): Promise<AttemptOutcome> {
  const outcome = await attemptDelivery(db, deliveryId);
  await announceDeactivation(db, outcome, deliveryId, send);
  if (outcome.outcome === "DELIVERED") await continueQueue(db, deliveryId, send);
  return outcome;
}

/** After the last retry: the delivery is FAILED (replayable by hand) and no longer blocks the queue. */
export async function giveUp(db: Db, deliveryId: string, send: EventSender): Promise<"FAILED" | "UNCHANGED"> {
  const failed = await db.delivery.updateMany({ where: { id: deliveryId, state: "PENDING" }, data: { state: "FAILED", nextAttemptAt: null } });
  if (failed.count === 0) return "UNCHANGED";
  await continueQueue(db, deliveryId, send);
  return "FAILED";
}

export async function continueQueue(db: Db, finishedId: string, send: EventSender): Promise<void> {
  const next = await nextInOrder(finishedId);
  if (next) await deliverInOrder(db, next, send);
}

/** Starts (or restarts) the retry schedule; if Inngest is unreachable the relay sends it later. */
export async function requestRetries(db: Db, deliveryId: string, send: EventSender): Promise<boolean> {
  const delivery = await db.delivery.update({
    where: { id: deliveryId },
    data: { retryScheduledAt: null },
    select: { attempts: true, lastAttemptAt: true },
  });
  const scheduleFrom = delivery.lastAttemptAt ?? new Date();
  const [firstRetry = 60] = env().DELIVERY_RETRY_SCHEDULE;
  try {
    await send([retryRequested(deliveryId, delivery.attempts, scheduleFrom)]);
  } catch (error) {
    console.warn(`Retry of delivery ${deliveryId} not scheduled yet (Inngest unreachable): the relay will try again.`, error instanceof Error ? error.message : error);
    return false;
  }
  await db.delivery.update({
    where: { id: deliveryId },
    data: { retryScheduledAt: new Date(), nextAttemptAt: new Date(scheduleFrom.getTime() + firstRetry * 1000) },
  });
  return true;
}

async function announceDeactivation(db: Db, outcome: AttemptOutcome, deliveryId: string, send: EventSender) {
  if (outcome.outcome !== "FAILED_ATTEMPT" || !outcome.deactivated) return;
  const delivery = await db.delivery.findUnique({ where: { id: deliveryId }, select: { integration: { select: { id: true, deactivatedAt: true } } } });
  const integration = delivery?.integration;
  if (!integration?.deactivatedAt) return;
  const deactivatedAt = integration.deactivatedAt;
  // Inngest unreachable: write the history entry here (the function would do the same, once).
  await send([integrationDeactivated(integration.id, deactivatedAt)]).catch(() => recordDeactivation(db, integration.id, deactivatedAt));
}

/**
 * The delivery queued behind a finished one. Looked up after the finish was committed, so a
 * delivery that saw the finished one still unfinished (and chose to wait) is always found.
 */
async function nextInOrder(finishedId: string): Promise<string | null> {
  const { rows } = await pool().query<{ id: string }>({
    name: "next-delivery-in-order",
    text: `SELECT n."id" FROM "Delivery" f JOIN "Delivery" n ON n."orderingKey" = f."orderingKey" AND n."seq" > f."seq"
     WHERE f."id" = $1 AND n."state" = 'PENDING' ORDER BY n."seq" LIMIT 1`,
    values: [finishedId],
  });
  return rows[0]?.id ?? null;
}
