/**
 * The single hook called when an integration becomes ACTIVE again (verified after being
 * UNVERIFIED or auto-deactivated): deliveries held for it must then go out, in their original
 * order (SPEC, delivery guarantees).
 *
 * The delivery pipeline arrives with the delivery issue, which fills this in (mark the HELD rows
 * of this integration PENDING and start their attempts through Inngest, oldest first). Until then
 * nothing enqueues a delivery, so nothing can be held and there is nothing to release: this is a
 * deliberate no-op, not a stand-in for a result.
 */
import type { Db } from "@/server/db/client";

export type ReleaseTarget = { tenantId: string; integrationId: string };

export async function releaseHeldDeliveries(db: Db, target: ReleaseTarget): Promise<void> {
  void db;
  void target;
}
