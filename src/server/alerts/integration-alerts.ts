/**
 * The alerts about integrations and deliveries, each raised in the transaction of its state
 * change (docs/alerts.md) with a key only that change produces:
 * - deactivated: the integration and its deactivation time (record-attempt.ts, the one update
 *   that flips it INACTIVE);
 * - reactivated: the integration and the deactivation it ends (integrations/verify.ts);
 * - delivery failed: the delivery and its attempt number (record-attempt.ts; a replay that fails
 *   again is a new alert);
 * - held for over an hour: the integration and its oldest held delivery (the minute sweep).
 */
import type { Db } from "@/server/db/client";
import type { Tx } from "@/server/db/tx";
import type { OperationalEventData } from "./operational-webhook-payloads";
import { raiseAlert } from "./raise-alert";

const kindLabel = (kind: string) => (kind === "BOT" ? "bot" : "contact centre");

export async function alertIntegrationDeactivated(tx: Tx, integrationId: string): Promise<boolean> {
  const integration = await tx.integration.findUnique({
    where: { id: integrationId },
    select: { id: true, tenantId: true, name: true, kind: true, status: true, deactivatedAt: true, deactivationReason: true },
  });
  if (!integration || integration.status !== "INACTIVE" || !integration.deactivatedAt) return false;
  const reason = integration.deactivationReason ?? "failed deliveries";
  const raised = await raiseAlert(tx, {
    tenantId: integration.tenantId,
    kind: "INTEGRATION_DEACTIVATED",
    key: `integration-deactivated:${integration.id}:${integration.deactivatedAt.getTime()}`,
    integrationId: integration.id,
    title: `${integration.name} was made inactive`,
    body: `The ${kindLabel(integration.kind)} was deactivated automatically: ${reason}. Its deliveries are held until it is verified again.`,
    href: `/integrations/${integration.id}`,
    webhookData: {
      integration: { id: integration.id, name: integration.name, kind: integration.kind },
      reason,
      deactivatedAt: integration.deactivatedAt.toISOString(),
    } satisfies OperationalEventData<"integration.deactivated">,
  });
  return raised !== null;
}

export async function alertIntegrationReactivated(tx: Tx, integrationId: string, endedDeactivationAt: Date, at: Date): Promise<boolean> {
  const integration = await tx.integration.findUnique({ where: { id: integrationId }, select: { id: true, tenantId: true, name: true, kind: true } });
  if (!integration) return false;
  const raised = await raiseAlert(tx, {
    tenantId: integration.tenantId,
    kind: "INTEGRATION_REACTIVATED",
    key: `integration-reactivated:${integration.id}:${endedDeactivationAt.getTime()}`,
    integrationId: integration.id,
    title: `${integration.name} is active again`,
    body: `The ${kindLabel(integration.kind)} was verified again: its held deliveries are being sent, in order.`,
    href: `/integrations/${integration.id}`,
    webhookData: {
      integration: { id: integration.id, name: integration.name, kind: integration.kind },
      reactivatedAt: at.toISOString(),
    } satisfies OperationalEventData<"integration.reactivated">,
  });
  return raised !== null;
}

/**
 * A delivery just became FAILED. An operational webhook's own failure is told in the app and by
 * email only: a `delivery.failed` webhook about it could fail in turn (a loop between endpoints).
 */
export async function alertDeliveryFailed(tx: Tx, deliveryId: string, attempt: number, lastError: string): Promise<boolean> {
  const delivery = await tx.delivery.findUnique({
    where: { id: deliveryId },
    select: {
      id: true,
      tenantId: true,
      conversationId: true,
      integration: { select: { id: true, name: true, kind: true } },
      channelAsset: { select: { id: true, name: true } },
      webhookEndpoint: { select: { id: true, url: true } },
    },
  });
  if (!delivery) return false;
  const receiver = delivery.integration
    ? { type: "integration", id: delivery.integration.id, name: delivery.integration.name }
    : delivery.channelAsset
      ? { type: "channel", id: delivery.channelAsset.id, name: delivery.channelAsset.name }
      : delivery.webhookEndpoint
        ? { type: "operational-webhook", id: delivery.webhookEndpoint.id, name: delivery.webhookEndpoint.url }
        : { type: "unknown", id: "", name: "a receiver" };
  const operational = receiver.type === "operational-webhook";
  const raised = await raiseAlert(tx, {
    tenantId: delivery.tenantId,
    kind: "DELIVERY_FAILED",
    key: `delivery-failed:${delivery.id}:${attempt}`,
    integrationId: delivery.integration?.id ?? null,
    deliveryId: delivery.id,
    title: operational ? `An operational webhook to ${receiver.name} failed` : `A delivery to ${receiver.name} failed`,
    body: `It failed after ${attempt} attempt${attempt === 1 ? "" : "s"}: ${lastError}.${operational ? "" : " An admin can replay it from its conversation."}`,
    href: operational ? "/settings/webhooks" : delivery.conversationId ? `/conversations/${delivery.conversationId}` : null,
    webhookData: operational
      ? null
      : ({ delivery: { id: delivery.id, conversationId: delivery.conversationId, attempts: attempt, lastError }, receiver } satisfies OperationalEventData<"delivery.failed">),
  });
  return raised !== null;
}

/** Held for more than this long: the sweep tells the team once per integration and oldest held delivery. */
export const HELD_ALERT_AFTER_MS = 60 * 60 * 1000;

/** The sweep's check: integrations with deliveries HELD for over an hour, told once (docs/alerts.md). */
export async function alertLongHeldDeliveries(db: Db, now: Date, limit = 100): Promise<number> {
  const cutoff = new Date(now.getTime() - HELD_ALERT_AFTER_MS);
  // Per integration that is not ACTIVE (few), its oldest delivery held since before the cutoff,
  // on the (integrationId, state) index: never a scan of every tenant's held deliveries.
  const rows = await db.$queryRaw<{ integrationId: string; tenantId: string; deliveryId: string }[]>`
    SELECT i."id" AS "integrationId", i."tenantId", h."id" AS "deliveryId"
    FROM "Integration" i
    CROSS JOIN LATERAL (
      SELECT d."id" FROM "Delivery" d
      WHERE d."integrationId" = i."id" AND d."state" = 'HELD' AND d."updatedAt" < ${cutoff}
      ORDER BY d."seq" LIMIT 1
    ) h
    WHERE i."status" <> 'ACTIVE' AND i."deletedAt" IS NULL
      AND NOT EXISTS (SELECT 1 FROM "Alert" a WHERE a."tenantId" = i."tenantId"
                      AND a."key" = 'deliveries-held:' || i."id" || ':' || h."id")
    LIMIT ${limit}`;
  let raised = 0;
  for (const row of rows) {
    const done = await db.$transaction(async (tx) => {
      const integration = await tx.integration.findUnique({ where: { id: row.integrationId }, select: { name: true, status: true, deletedAt: true } });
      if (!integration || integration.deletedAt || integration.status === "ACTIVE") return null;
      const held = await tx.delivery.count({ where: { integrationId: row.integrationId, state: "HELD" } });
      return raiseAlert(tx, {
        tenantId: row.tenantId,
        kind: "DELIVERIES_HELD",
        key: `deliveries-held:${row.integrationId}:${row.deliveryId}`,
        integrationId: row.integrationId,
        title: `${held} deliver${held === 1 ? "y has" : "ies have"} waited over an hour for ${integration.name}`,
        body: `${integration.name} is not active, so its messages are held. Verify it again to send them, in order.`,
        href: `/integrations/${row.integrationId}`,
        webhookData: null,
      });
    });
    if (done) raised += 1;
  }
  return raised;
}
