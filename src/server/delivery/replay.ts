/**
 * Replaying a FAILED delivery by hand (ADMIN and up, from the inspector): the same delivery
 * goes through the one attempt function again, and its attempts continue numbering on.
 */
import type { Db } from "@/server/db/client";
import { conflict, notFound } from "@/server/errors";
import type { Actor } from "@/server/tenancy/actor";
import { attemptDelivery } from "./attempt";
import type { AttemptOutcome } from "./attempt-outcome";
import type { DurableWork } from "./durable-work";
import { continueQueue } from "./pipeline";

export async function replayDelivery(
  db: Db,
  { tenantId }: Actor,
  deliveryId: string,
  work: DurableWork,
): Promise<AttemptOutcome> {
  const reopened = await db.delivery.updateMany({
    // A deleted integration receives nothing, not even a replay.
    where: { id: deliveryId, tenantId, state: "FAILED", OR: [{ integrationId: null }, { integration: { deletedAt: null } }] },
    data: { state: "PENDING", nextAttemptAt: null },
  });
  if (reopened.count === 0) {
    const exists = await db.delivery.findFirst({ where: { id: deliveryId, tenantId }, select: { state: true, integration: { select: { deletedAt: true } } } });
    if (!exists) throw notFound("Delivery");
    if (exists.integration?.deletedAt) throw conflict("Its integration was deleted: it receives nothing, so the delivery cannot be replayed");
    throw conflict(`Only a FAILED delivery can be replayed; this one is ${exists.state}`);
  }
  const outcome = await attemptDelivery(db, deliveryId);
  if (outcome.outcome === "DELIVERED") await continueQueue(db, deliveryId, work);
  // A replay is one more try, not a new retry schedule: a failure leaves it FAILED again.
  if (outcome.outcome === "FAILED_ATTEMPT") {
    await db.delivery.updateMany({ where: { id: deliveryId, state: "PENDING" }, data: { state: "FAILED" } });
  }
  return outcome;
}
