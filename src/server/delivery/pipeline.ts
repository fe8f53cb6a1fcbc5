/**
 * The delivery pipeline around the one attempt function, the same for first attempts, retries
 * and releases whichever runner schedules them. Ordering rule: deliveries with the same
 * orderingKey (one conversation, one receiver) go out in creation order; a delivery waits
 * while an earlier one is PENDING or HELD, and each finished delivery (DELIVERED or FAILED)
 * starts the next one. The database enforces it (the claim checks), not the runners.
 */
import { pool, type Db } from "@/server/db/client";
import { attemptDelivery } from "./attempt";
import type { AttemptOutcome } from "./attempt-outcome";
import { NEXT_IN_QUEUE } from "./delivery-sql";
import type { DurableWork } from "./durable-work";

/** A delivery and, when known, the receiver it goes to (its in-flight slot). */
export type DeliveryRef = string | { id: string; receiver: string | null };

const idOf = (ref: DeliveryRef) => (typeof ref === "string" ? ref : ref.id);
const receiverOf = (ref: DeliveryRef) => (typeof ref === "string" ? null : ref.receiver);

/** First attempts, right after the caller was answered. */
export async function deliverNow(db: Db, deliveries: readonly DeliveryRef[], work: DurableWork): Promise<void> {
  await Promise.all(deliveries.map((ref) => deliverInOrder(db, ref, work)));
}

/**
 * Attempts a delivery that is due, then whatever its finish lets go next in its queue. A
 * failure is handed to the runner, which schedules its retry.
 */
export async function deliverInOrder(db: Db, first: DeliveryRef, work: DurableWork): Promise<AttemptOutcome> {
  let current: DeliveryRef | null = first;
  let outcome: AttemptOutcome = { outcome: "SKIPPED" };
  while (current) {
    const id = idOf(current);
    outcome = await attemptDelivery(db, id, receiverOf(current));
    await followUp(outcome, id, work);
    if (outcome.outcome === "FAILED_ATTEMPT" && outcome.next === "RETRY") await work.retryDue(id, outcome.attempt, new Date(outcome.nextAttemptAt!));
    current = finished(outcome) ? await nextInQueue(id) : null;
  }
  return outcome;
}

export async function continueQueue(db: Db, finishedId: string, work: DurableWork): Promise<void> {
  const next = await nextInQueue(finishedId);
  if (next) await deliverInOrder(db, next, work);
}

/** DELIVERED or FAILED: the next delivery of the queue may go. */
const finished = (outcome: AttemptOutcome) =>
  outcome.outcome === "DELIVERED" || (outcome.outcome === "FAILED_ATTEMPT" && outcome.next === "FAILED");

async function followUp(outcome: AttemptOutcome, deliveryId: string, work: DurableWork): Promise<void> {
  if (outcome.outcome !== "FAILED_ATTEMPT") return;
  // Held: this failure deactivated the integration, or landed just after another one did (its
  // customer may be stranded too). The handover is idempotent; the history entry is written once.
  if (outcome.deactivated || outcome.next === "HELD") {
    const delivery = await pool().query<{ integrationId: string; deactivatedAt: Date }>({
      name: "deactivated-integration-of-delivery",
      text: `SELECT i."id" AS "integrationId", i."deactivatedAt" FROM "Delivery" d JOIN "Integration" i ON i."id" = d."integrationId"
             WHERE d."id" = $1 AND i."deactivatedAt" IS NOT NULL`,
      values: [deliveryId],
    });
    const row = delivery.rows[0];
    if (row) await work.integrationDeactivated(row.integrationId, row.deactivatedAt);
  }
  if (outcome.scheduleAttempt === 1) await work.firstAttemptFailed(deliveryId);
}

async function nextInQueue(finishedId: string): Promise<{ id: string; receiver: string | null } | null> {
  const { rows } = await pool().query<{ id: string; receiver: string | null }>({ ...NEXT_IN_QUEUE, values: [finishedId] });
  return rows[0] ?? null;
}
