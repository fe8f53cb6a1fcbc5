/**
 * Releasing what was held for an integration once it is ACTIVE again: its HELD deliveries
 * become PENDING and go out in their original order, one queue per conversation.
 */
import type { Db } from "@/server/db/client";
import { deliverInOrder } from "./deliver-now";
import type { EventSender } from "./events";

export async function releaseHeld(db: Db, integrationId: string, send: EventSender): Promise<{ released: number }> {
  const released = await db.$queryRaw<{ id: string; orderingKey: string; seq: bigint }[]>`
    UPDATE "Delivery" SET "state" = 'PENDING', "nextAttemptAt" = NULL, "updatedAt" = now()
    WHERE "integrationId" = ${integrationId} AND "state" = 'HELD'
      AND EXISTS (SELECT 1 FROM "Integration" WHERE "id" = ${integrationId} AND "status" = 'ACTIVE')
    RETURNING "id", "orderingKey", "seq"`;
  const heads = new Map<string, { id: string; seq: bigint }>();
  for (const row of released) {
    const head = heads.get(row.orderingKey);
    if (!head || row.seq < head.seq) heads.set(row.orderingKey, row);
  }
  // Each queue starts at its oldest delivery; deliverInOrder walks on from there.
  await Promise.all([...heads.values()].map((head) => deliverInOrder(db, head.id, send)));
  return { released: released.length };
}
