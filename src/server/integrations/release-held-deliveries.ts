/**
 * The single hook called when an integration becomes ACTIVE again (verified after being
 * UNVERIFIED or auto-deactivated): the Inngest function release-held-deliveries then sends
 * what was held for it, in its original order. If Inngest cannot be reached now, the relay
 * notices HELD deliveries of an ACTIVE integration and announces the release again.
 */
import type { Db } from "@/server/db/client";
import { integrationReactivated, type EventSender } from "@/server/delivery/events";
import { sendEvents } from "@/server/inngest/send-events";

export type ReleaseTarget = { tenantId: string; integrationId: string };

export async function releaseHeldDeliveries(db: Db, target: ReleaseTarget, send: EventSender = sendEvents): Promise<void> {
  const held = await db.delivery.count({ where: { integrationId: target.integrationId, tenantId: target.tenantId, state: "HELD" } });
  if (held === 0) return;
  await send([integrationReactivated(target.integrationId, new Date())]).catch((error: unknown) => {
    console.warn(`Release of ${held} held deliveries waits for Inngest (the relay will announce it):`, error instanceof Error ? error.message : error);
  });
}
