/**
 * Operational webhook endpoints (docs/alerts.md): the tenant's own systems, told of
 * `integration.deactivated`, `integration.reactivated` and `delivery.failed`. Registered by
 * admins; each has its own Standard Webhooks secret (whsec_…, encrypted at rest, revealable to
 * admins). What is sent to them is a Delivery row like every other webhook, sent by the one
 * attempt function (retries, attempt log, the URL guard). Every query is scoped by tenant.
 */
import type { Prisma } from "@/generated/prisma/client";
import { newDeliveryId } from "@/server/conversations/ids";
import type { Db } from "@/server/db/client";
import type { DurableWork } from "@/server/delivery/durable-work";
import { deliverNow } from "@/server/delivery/pipeline";
import { notFound } from "@/server/errors";
import { acceptableUrl, webhookUrlPolicy } from "@/server/net/outbound-options";
import { decryptStored, encryptStored } from "@/server/security/app-key";
import { generateSigningSecret } from "@/server/security/tokens";
import type { WebhookEventType } from "./kinds";
import type { OperationalEventData } from "./operational-webhook-payloads";
import { endpointOrderingKey, webhookPayload } from "./raise-alert";

export interface EndpointActor {
  userId: string;
  tenantId: string;
}

export interface EndpointInput {
  url: string;
  description: string;
  events: WebhookEventType[];
}

const SUMMARY = { id: true, url: true, description: true, events: true, createdAt: true, updatedAt: true } as const;

export const TEST_EVENT = "webhook.test";

async function ownEndpoint(db: Db, actor: EndpointActor, id: string) {
  const endpoint = await db.webhookEndpoint.findFirst({ where: { id, tenantId: actor.tenantId }, select: { ...SUMMARY, signingSecretEncrypted: true } });
  if (!endpoint) throw notFound("Operational webhook endpoint");
  return endpoint;
}

export async function listEndpoints(db: Db, actor: EndpointActor) {
  const endpoints = await db.webhookEndpoint.findMany({ where: { tenantId: actor.tenantId }, orderBy: { createdAt: "asc" }, select: SUMMARY });
  if (endpoints.length === 0) return [];
  // The latest delivery of each, for the list's "last sent" column.
  const latest = await db.$queryRaw<{ webhookEndpointId: string; state: string; lastAttemptAt: Date | null; lastError: string | null }[]>`
    SELECT DISTINCT ON (d."webhookEndpointId") d."webhookEndpointId", d."state"::text AS "state", d."lastAttemptAt", d."lastError"
    FROM "Delivery" d WHERE d."tenantId" = ${actor.tenantId} AND d."webhookEndpointId" = ANY(${endpoints.map((e) => e.id)})
    ORDER BY d."webhookEndpointId", d."seq" DESC`;
  const byEndpoint = new Map(latest.map((row) => [row.webhookEndpointId, row]));
  return endpoints.map((endpoint) => {
    const last = byEndpoint.get(endpoint.id);
    return { ...endpoint, lastDelivery: last ? { state: last.state, lastAttemptAt: last.lastAttemptAt, lastError: last.lastError } : null };
  });
}

/** The signing secret is returned once here, and afterwards only through revealSecret. */
export async function createEndpoint(db: Db, actor: EndpointActor, input: EndpointInput) {
  const url = acceptableUrl(input.url, webhookUrlPolicy(), "url");
  const signingSecret = generateSigningSecret();
  const endpoint = await db.webhookEndpoint.create({
    data: { tenantId: actor.tenantId, url, description: input.description, events: input.events, signingSecretEncrypted: encryptStored(signingSecret) },
    select: SUMMARY,
  });
  return { endpoint, signingSecret };
}

export async function updateEndpoint(db: Db, actor: EndpointActor, id: string, input: EndpointInput) {
  await ownEndpoint(db, actor, id);
  const url = acceptableUrl(input.url, webhookUrlPolicy(), "url");
  const { count } = await db.webhookEndpoint.updateMany({
    where: { id, tenantId: actor.tenantId },
    data: { url, description: input.description, events: input.events },
  });
  if (count === 0) throw notFound("Operational webhook endpoint");
  return db.webhookEndpoint.findFirstOrThrow({ where: { id, tenantId: actor.tenantId }, select: SUMMARY });
}

export async function revealEndpointSecret(db: Db, actor: EndpointActor, id: string) {
  const endpoint = await ownEndpoint(db, actor, id);
  return { signingSecret: decryptStored(endpoint.signingSecretEncrypted) };
}

/** Deletes the endpoint and what was sent to it (its deliveries and their attempt log). */
export async function deleteEndpoint(db: Db, actor: EndpointActor, id: string) {
  const { count } = await db.webhookEndpoint.deleteMany({ where: { id, tenantId: actor.tenantId } });
  if (count === 0) throw notFound("Operational webhook endpoint");
  return { deleted: true };
}

/**
 * "Send test": a `webhook.test` event through the same pipeline (queued behind anything the
 * endpoint has waiting), attempted at once; the result is in its attempt log.
 */
export async function sendTestEvent(db: Db, actor: EndpointActor, id: string, work: DurableWork) {
  const endpoint = await ownEndpoint(db, actor, id);
  const deliveryId = newDeliveryId();
  const payload = webhookPayload(TEST_EVENT, { endpoint: { id: endpoint.id, url: endpoint.url }, message: "A test event from Switchboard" } satisfies OperationalEventData<typeof TEST_EVENT>, new Date());
  await db.delivery.create({
    data: {
      id: deliveryId,
      tenantId: actor.tenantId,
      webhookEndpointId: endpoint.id,
      orderingKey: endpointOrderingKey(endpoint.id),
      payload: payload as Prisma.InputJsonObject,
      nextAttemptAt: new Date(),
    },
  });
  await deliverNow(db, [{ id: deliveryId, receiver: endpoint.id }], work);
  const delivery = await db.delivery.findUniqueOrThrow({ where: { id: deliveryId }, select: { state: true, lastError: true, attempts: true } });
  return { deliveryId, ...delivery };
}

export const ENDPOINT_LOG_PAGE = 20;

/** The endpoint's latest deliveries, each with its attempt log (newest first). */
export async function endpointDeliveries(db: Db, actor: EndpointActor, id: string) {
  await ownEndpoint(db, actor, id);
  const rows = await db.delivery.findMany({
    where: { tenantId: actor.tenantId, webhookEndpointId: id },
    orderBy: { seq: "desc" },
    take: ENDPOINT_LOG_PAGE,
    select: {
      id: true,
      state: true,
      payload: true,
      createdAt: true,
      nextAttemptAt: true,
      lastError: true,
      attemptLog: { orderBy: { number: "desc" }, select: { number: true, startedAt: true, durationMs: true, statusCode: true, error: true, responseStart: true } },
    },
  });
  return rows.map(({ payload, ...row }) => ({ ...row, type: typeof payload === "object" && payload && "type" in payload ? String(payload.type) : "unknown" }));
}
