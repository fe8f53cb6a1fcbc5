import type { Db } from "@/server/db/client";
import { attemptDelivery, type AttemptOutcome } from "./attempt";

/**
 * Attempts deliveries, and after each success the next one waiting behind it in the same
 * order (same conversation, same receiver), so ordered deliveries never stall.
 */
export async function deliverNow(db: Db, deliveryIds: readonly string[]): Promise<void> {
  await Promise.all(deliveryIds.map((id) => deliverInOrder(db, id)));
}

export async function deliverInOrder(db: Db, deliveryId: string): Promise<AttemptOutcome> {
  let outcome = await attemptDelivery(db, deliveryId);
  let current = deliveryId;
  while (outcome.outcome === "DELIVERED") {
    const next = await nextInOrder(db, current);
    if (!next) break;
    current = next;
    outcome = await attemptDelivery(db, current);
  }
  return outcome;
}

/** The oldest never-attempted delivery queued behind this one. */
async function nextInOrder(db: Db, deliveryId: string): Promise<string | null> {
  const current = await db.delivery.findUnique({ where: { id: deliveryId }, select: { orderingKey: true, seq: true } });
  if (!current) return null;
  const next = await db.delivery.findFirst({
    where: { orderingKey: current.orderingKey, seq: { gt: current.seq }, state: "PENDING", attempts: 0 },
    orderBy: { seq: "asc" },
    select: { id: true },
  });
  return next?.id ?? null;
}
