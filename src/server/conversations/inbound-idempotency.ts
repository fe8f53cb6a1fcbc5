/**
 * Idempotency of the events a bot or CCSP posts (docs in the API reference): a request carrying
 * an `Idempotency-Key` (or the Standard Webhooks `webhook-id`) that repeats one answered in the
 * last 24 hours gets the first answer and writes nothing. Keys are scoped to the integration.
 * The answer is stored in the same statement or transaction as the event's writes, under a
 * primary key (integration, key): of two concurrent repeats, only one can commit.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db/client";
import type { Tx } from "@/server/db/tx";
import { badRequest, conflict } from "@/server/errors";

export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;
/** Visible ASCII: keys travel in HTTP headers. */
const KEY_PATTERN = /^[\x21-\x7e]+$/;

/** An `Idempotency-Key` or `webhook-id` header: what onceKeyOf accepts, and what the API document shows. */
export const idempotencyKeySchema = z.string().min(1).max(MAX_IDEMPOTENCY_KEY_LENGTH).regex(KEY_PATTERN);

/** What the inbound webhook answers an accepted 1001/1002/1003 (202). */
export interface EventAnswer {
  conversationId: string;
  messageId: string;
  ccspConversationId?: string;
}

export function eventAnswer(outcome: { conversationId: string; messageId: string; ccspConversationId?: string }): EventAnswer {
  return {
    conversationId: outcome.conversationId,
    messageId: outcome.messageId,
    ...(outcome.ccspConversationId ? { ccspConversationId: outcome.ccspConversationId } : {}),
  };
}

/** A keyed request: its key and a hash of its body (the same key with another body is refused). */
export interface OnceKey {
  key: string;
  requestHash: string;
}

/**
 * The key a request carries. A signed request's key is its `webhook-id`, which the signature
 * covers: a replayed copy cannot get past the dedupe by changing an unsigned header. Otherwise
 * `Idempotency-Key`, falling back to `webhook-id`.
 */
export function onceKeyOf(headers: Headers, rawBody: string, signed: boolean): OnceKey | null {
  const webhookId = headers.get("webhook-id");
  const idempotencyKey = headers.get("idempotency-key");
  const [name, key] = signed || idempotencyKey === null ? ["webhook-id", webhookId] : ["idempotency-key", idempotencyKey];
  if (key === null) return null;
  if (!idempotencyKeySchema.safeParse(key).success) {
    throw badRequest(`${name === "webhook-id" ? "webhook-id" : "Idempotency-Key"} must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters`, name);
  }
  return { key, requestHash: createHash("sha256").update(rawBody, "utf8").digest("hex") };
}

/**
 * The stored answer of an earlier request with this key, if answered within the window. A key
 * reused with another body is refused. A stale row is removed so the key can be stored again.
 */
export async function storedAnswer(db: Db, integration: { id: string; tenantId: string }, once: OnceKey, now = new Date()): Promise<EventAnswer | null> {
  const row = await db.inboundEventKey.findUnique({
    where: { integrationId_key: { integrationId: integration.id, key: once.key } },
    select: { tenantId: true, requestHash: true, response: true, createdAt: true },
  });
  if (!row || row.tenantId !== integration.tenantId) return null;
  const cutoff = new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS);
  if (row.createdAt < cutoff) {
    await db.inboundEventKey.deleteMany({ where: { integrationId: integration.id, key: once.key, createdAt: { lt: cutoff } } });
    return null;
  }
  if (row.requestHash !== once.requestHash) {
    throw conflict("This idempotency key was already used with a different body in the last 24 hours: send a new key for a new event", "idempotency-key");
  }
  return row.response as unknown as EventAnswer;
}

/** Stores the answer inside the transaction of the event's writes; a concurrent twin makes it fail (unique violation). */
export async function rememberAnswer(tx: Tx, integration: { id: string; tenantId: string }, once: OnceKey, answer: EventAnswer): Promise<void> {
  await tx.inboundEventKey.create({
    data: {
      integrationId: integration.id,
      key: once.key,
      tenantId: integration.tenantId,
      requestHash: once.requestHash,
      status: 202,
      response: answer as unknown as Prisma.InputJsonObject,
    },
  });
}

/**
 * The sweep's delete of keys past the window (src/server/jobs/sweep.ts): short statements of at
 * most `batch` rows, at most `maxBatches` of them per sweep, so a backlog drains over a few
 * minutes without one long lock-holding statement.
 */
export async function deleteExpiredKeys(db: Db, now: Date, batch: number, maxBatches = 10): Promise<number> {
  const cutoff = new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS);
  let deleted = 0;
  for (let round = 0; round < maxBatches; round++) {
    const count = await db.$executeRaw`
      DELETE FROM "InboundEventKey" WHERE ("integrationId", "key") IN (
        SELECT "integrationId", "key" FROM "InboundEventKey" WHERE "createdAt" < ${cutoff} LIMIT ${batch})`;
    deleted += count;
    if (count < batch) break;
  }
  return deleted;
}
