/**
 * The minute sweep, for both runners: integration hand-offs that never happened because a
 * process died or Inngest was unreachable. Deactivations without their history entry, customers
 * of an INACTIVE bot still stranded (a failure that landed after the deactivation), and held
 * deliveries of integrations that are ACTIVE again. Also deletes inbound idempotency keys past
 * their 24 hours, a bounded batch per sweep, and tells the team of deliveries held over an hour.
 */
import type { Db } from "@/server/db/client";
import { handOverStrandedConversations } from "@/server/conversations/hand-over-stranded";
import type { DurableWork } from "@/server/delivery/durable-work";
import { deliverNow } from "@/server/delivery/pipeline";
import { env } from "@/server/config/env";
import { deleteExpiredKeys } from "@/server/conversations/inbound-idempotency";
import { alertLongHeldDeliveries } from "@/server/alerts/integration-alerts";

const BATCH = 100;
/** Keys deleted per sweep: a minute's worth of a busy webhook, without one long statement. */
const KEY_BATCH = 5_000;

export interface SweepReport {
  deactivations: number;
  handedOver: number;
  releases: number;
  expiredKeys: number;
  /** Integrations whose deliveries were held over an hour, told about now (docs/alerts.md). */
  heldAlerts: number;
}

export async function sweep(db: Db, work: DurableWork, now = new Date()): Promise<SweepReport> {
  const before = new Date(now.getTime() - env().DELIVERY_FIRST_ATTEMPT_GRACE_SECONDS * 1000);
  const unrecorded = await db.$queryRaw<{ id: string; deactivatedAt: Date }[]>`
    SELECT i."id", i."deactivatedAt" FROM "Integration" i
    WHERE i."status" = 'INACTIVE' AND i."deactivatedAt" IS NOT NULL AND i."deactivatedAt" < ${before}
      AND NOT EXISTS (SELECT 1 FROM "IntegrationEvent" e
                      WHERE e."integrationId" = i."id" AND e."type" = 'DEACTIVATED' AND e."createdAt" >= i."deactivatedAt")
    LIMIT ${BATCH}`;
  const unreleased = await db.$queryRaw<{ id: string }[]>`
    SELECT DISTINCT d."integrationId" AS "id" FROM "Delivery" d
    JOIN "Integration" i ON i."id" = d."integrationId"
    WHERE d."state" = 'HELD' AND i."status" = 'ACTIVE' AND d."updatedAt" < ${before}
    LIMIT ${BATCH}`;
  // Bots made INACTIVE in the last day whose BOT + CCSP rules hand customers over.
  const inactiveBots = await db.$queryRaw<{ id: string }[]>`
    SELECT i."id" FROM "Integration" i
    WHERE i."status" = 'INACTIVE' AND i."kind" = 'BOT' AND i."deletedAt" IS NULL AND i."deactivatedAt" > ${new Date(now.getTime() - 86_400_000)}
      AND EXISTS (SELECT 1 FROM "Rule" r WHERE r."botIntegrationId" = i."id" AND r."actionType" = 'BOT_CCSP' AND r."handoverWhenBotUnavailable")
    LIMIT ${BATCH}`;
  for (const integration of unrecorded) await work.integrationDeactivated(integration.id, integration.deactivatedAt);
  let handedOver = 0;
  for (const bot of inactiveBots) {
    const forwarded = await handOverStrandedConversations(db, bot.id);
    handedOver += forwarded.length;
    await deliverNow(db, forwarded, work);
  }
  for (const integration of unreleased) await work.integrationReactivated(integration.id);
  const expiredKeys = await deleteExpiredKeys(db, now, KEY_BATCH);
  const heldAlerts = await alertLongHeldDeliveries(db, now);
  return { deactivations: unrecorded.length, handedOver, releases: unreleased.length, expiredKeys, heldAlerts };
}
