/**
 * The durable work itself, one handler per job, the same whichever runner calls it (the
 * embedded runner in-process, or an Inngest function). Each is safe to run twice.
 */
import type { Db } from "@/server/db/client";
import { handOverAfterFailedFirstAttempt, handOverStrandedConversations } from "@/server/conversations/hand-over-stranded";
import { recordDeactivation } from "@/server/delivery/deactivation";
import type { DurableWork } from "@/server/delivery/durable-work";
import { deliverNow } from "@/server/delivery/pipeline";
import { releaseHeldDeliveries } from "@/server/delivery/release";

/**
 * An integration was made INACTIVE: its stranded customers go to the CCSP first, then the
 * history entry is written, so a process that dies in between is found by the sweep (which
 * looks for deactivations without an entry) and the handover completed.
 */
export async function onIntegrationDeactivated(db: Db, integrationId: string, deactivatedAt: Date, work: DurableWork) {
  const forwarded = await handOverStrandedConversations(db, integrationId);
  await deliverNow(db, forwarded, work);
  return recordDeactivation(db, integrationId, deactivatedAt);
}

export async function onIntegrationReactivated(db: Db, integrationId: string, work: DurableWork) {
  return releaseHeldDeliveries(db, integrationId, work);
}

export async function onFirstAttemptFailed(db: Db, deliveryId: string, work: DurableWork) {
  await deliverNow(db, await handOverAfterFailedFirstAttempt(db, deliveryId), work);
}
