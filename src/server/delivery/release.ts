/**
 * Releasing what was held for an integration once it is ACTIVE again: its HELD deliveries
 * become PENDING with a fresh retry schedule and go out in their original order, one queue
 * per conversation.
 */
import type { Db } from "@/server/db/client";
import type { DurableWork } from "./durable-work";
import { deliverInOrder } from "./pipeline";

export async function releaseHeldDeliveries(db: Db, integrationId: string, work: DurableWork): Promise<{ released: number }> {
  const released = await db.$queryRaw<{ id: string; orderingKey: string; seq: bigint }[]>`
    UPDATE "Delivery" SET "state" = 'PENDING', "nextAttemptAt" = NULL, "scheduleStartedAt" = NULL, "scheduleAttempts" = 0, "updatedAt" = now()
    WHERE "integrationId" = ${integrationId} AND "state" = 'HELD'
      AND EXISTS (SELECT 1 FROM "Integration" WHERE "id" = ${integrationId} AND "status" = 'ACTIVE' AND "deletedAt" IS NULL)
    RETURNING "id", "orderingKey", "seq"`;
  const heads = new Map<string, { id: string; seq: bigint }>();
  for (const row of released) {
    const head = heads.get(row.orderingKey);
    if (!head || row.seq < head.seq) heads.set(row.orderingKey, row);
  }
  // Each queue starts at its oldest delivery; deliverInOrder walks on from there.
  await Promise.all([...heads.values()].map((head) => deliverInOrder(db, { id: head.id, receiver: integrationId }, work)));
  return { released: released.length };
}
