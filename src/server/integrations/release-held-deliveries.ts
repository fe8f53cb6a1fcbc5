/**
 * The single hook called when an integration becomes ACTIVE again (verified after being
 * UNVERIFIED or auto-deactivated): the Inngest function release-held-deliveries then sends
 * what was held for it, in its original order. When Inngest cannot be reached (no Dev Server
 * on this machine, an outage), the same release runs here instead, so nothing stays held.
 */
import type { Db } from "@/server/db/client";
import { integrationReactivated, type EventSender } from "@/server/delivery/events";
import { releaseHeld } from "@/server/delivery/release";
import { sendEvents } from "@/server/inngest/send-events";

export type ReleaseTarget = { tenantId: string; integrationId: string };

export async function releaseHeldDeliveries(db: Db, target: ReleaseTarget, send: EventSender = sendEvents): Promise<void> {
  const held = await db.delivery.count({ where: { integrationId: target.integrationId, tenantId: target.tenantId, state: "HELD" } });
  if (held === 0) return;
  try {
    await send([integrationReactivated(target.integrationId, new Date())]);
  } catch (error) {
    console.warn(`Inngest unreachable (${error instanceof Error ? error.message : error}): releasing ${held} held deliveries here.`);
    await releaseHeld(db, target.integrationId, send);
  }
}
