/**
 * Raising an alert, inside the transaction of the state change it is about (docs/alerts.md):
 * the Alert row, unique per tenant and event key, and with it a notification per member, the
 * emails to owners and admins who want this kind, and the operational webhook deliveries to the
 * endpoints subscribed to its event. A second process raising the same alert (same key) inserts
 * nothing and writes nothing else, so each is told exactly once. Never throws on a duplicate: a
 * unique violation would abort the caller's transaction, so the insert is ON CONFLICT DO NOTHING.
 */
import type { Prisma } from "@/generated/prisma/client";
import { newDeliveryId } from "@/server/conversations/ids";
import { announce } from "@/server/live/publish";
import { queueAlertMails } from "./alert-mail";
import type { Tx } from "@/server/db/tx";
import { WEBHOOK_EVENT_OF, type AlertKind } from "./kinds";

export interface AlertInput {
  tenantId: string;
  kind: AlertKind;
  /** Derived from the state change, so that whoever notices it computes the same key. */
  key: string;
  integrationId?: string | null;
  deliveryId?: string | null;
  title: string;
  body: string;
  /** A path in the app the notification opens. */
  href: string | null;
  /** The operational webhook's `data`; null: no webhook for this one (e.g. an operational webhook's own failure). */
  webhookData: Record<string, unknown> | null;
}

/** Deliveries to operational webhook endpoints go out in order, one queue per endpoint. */
export const endpointOrderingKey = (endpointId: string) => `endpoint:${endpointId}`;

/** The Standard Webhooks payload of an operational webhook. */
export function webhookPayload(type: string, data: Record<string, unknown>, at: Date): Record<string, unknown> {
  return { type, timestamp: at.toISOString(), data };
}

export async function raiseAlert(tx: Tx, input: AlertInput): Promise<{ alertId: string } | null> {
  const inserted = await tx.$queryRaw<{ id: string; createdAt: Date }[]>`
    INSERT INTO "Alert" ("id", "tenantId", "kind", "key", "integrationId", "deliveryId", "title", "body", "href")
    VALUES (${`alr_${crypto.randomUUID().replaceAll("-", "")}`}, ${input.tenantId}, ${input.kind}::"AlertKind", ${input.key},
            ${input.integrationId ?? null}, ${input.deliveryId ?? null}, ${input.title}, ${input.body}, ${input.href})
    ON CONFLICT ("tenantId", "key") DO NOTHING
    RETURNING "id", "createdAt"`;
  const alert = inserted[0];
  if (!alert) return null;

  await tx.$executeRaw`
    INSERT INTO "Notification" ("id", "tenantId", "userId", "alertId")
    SELECT 'ntf_' || replace(gen_random_uuid()::text, '-', ''), m."tenantId", m."userId", ${alert.id}
    FROM "Membership" m WHERE m."tenantId" = ${input.tenantId}
    ON CONFLICT ("alertId", "userId") DO NOTHING`;

  await queueAlertMails(tx, { ...input, alertId: alert.id });

  const type = WEBHOOK_EVENT_OF[input.kind];
  if (type && input.webhookData) {
    const endpoints = await tx.webhookEndpoint.findMany({
      where: { tenantId: input.tenantId, events: { has: type } },
      select: { id: true },
      orderBy: { createdAt: "asc" },
    });
    if (endpoints.length > 0) {
      const payload = webhookPayload(type, input.webhookData, alert.createdAt) as Prisma.InputJsonObject;
      await tx.delivery.createMany({
        data: endpoints.map((endpoint) => ({
          id: newDeliveryId(),
          tenantId: input.tenantId,
          webhookEndpointId: endpoint.id,
          orderingKey: endpointOrderingKey(endpoint.id),
          payload,
          state: "PENDING" as const,
          // Due at once: the runner's next poll sends it (this transaction may be a runner's own).
          nextAttemptAt: alert.createdAt,
        })),
      });
    }
  }

  await announce(tx, { type: "change", tenantId: input.tenantId, what: "alert", conversationIds: [] });
  return { alertId: alert.id };
}
