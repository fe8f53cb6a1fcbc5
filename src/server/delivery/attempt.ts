/**
 * THE attempt function: every delivery attempt (the first one right after the caller was
 * answered, each retry, a replay, a release) goes through here. One attempt = claim the
 * delivery, POST it with a 5 s deadline, judge the answer, record the attempt and the
 * delivery's new state together. On the hot path, so claim and record are one statement each.
 */
import type { Db } from "@/server/db/client";
import { pool } from "@/server/db/client";
import { decryptStored } from "@/server/integrations/app-key";
import { defaultOutbound } from "@/server/integrations/outbound-options";
import { judgeReceiverResponse } from "@/server/integrations/receiver-response";
import { postJson, type OutboundResult } from "@/server/net/outbound-http";
import { signWebhook } from "@/server/webhooks/standard-webhooks";
import { recordAttempt } from "./record-attempt";

export type AttemptOutcome =
  | { outcome: "DELIVERED"; attempt: number }
  | { outcome: "FAILED_ATTEMPT"; attempt: number; reason: string; deactivated: boolean }
  /** An earlier delivery to the same receiver about the same conversation is unfinished. */
  | { outcome: "WAITING" }
  /** The integration is not ACTIVE: held until it is verified again. */
  | { outcome: "HELD" }
  /** Already finished, or another runner holds it. */
  | { outcome: "SKIPPED" };

interface ClaimedDelivery {
  id: string;
  attempts: number;
  payload: unknown;
  integrationId: string | null;
  platform: string | null;
  url: string | null;
  tokenEncrypted: string | null;
  signingSecretEncrypted: string | null;
  callbackUrl: string | null;
}

/**
 * Takes the next attempt of a delivery if it may go now: PENDING, first in its queue (the
 * ordering rule), for an ACTIVE integration, and not in flight with another runner.
 */
const CLAIM = `
  WITH target AS (
    SELECT d."id" FROM "Delivery" d
    WHERE d."id" = $1 AND d."state" = 'PENDING' AND (d."claimedUntil" IS NULL OR d."claimedUntil" < now())
      AND NOT EXISTS (SELECT 1 FROM "Delivery" e
                      WHERE e."orderingKey" = d."orderingKey" AND e."seq" < d."seq" AND e."state" IN ('PENDING', 'HELD'))
      AND (d."integrationId" IS NULL
           OR EXISTS (SELECT 1 FROM "Integration" i WHERE i."id" = d."integrationId" AND i."status" = 'ACTIVE'))
    FOR UPDATE OF d SKIP LOCKED
  ), claimed AS (
    UPDATE "Delivery" d SET "attempts" = d."attempts" + 1, "nextAttemptAt" = NULL, "updatedAt" = now(),
                            "claimedUntil" = now() + interval '30 seconds'  -- well past the 5 s deadline
    FROM target WHERE d."id" = target."id"
    RETURNING d."id", d."attempts", d."payload", d."integrationId", d."channelAssetId"
  )
  SELECT c.*, i."platform"::text AS "platform", i."url", i."tokenEncrypted",
         COALESCE(i."signingSecretEncrypted", a."signingSecretEncrypted") AS "signingSecretEncrypted", a."callbackUrl"
  FROM claimed c
  LEFT JOIN "Integration" i ON i."id" = c."integrationId"
  LEFT JOIN "ChannelAsset" a ON a."id" = c."channelAssetId"`;

export async function attemptDelivery(db: Db, deliveryId: string): Promise<AttemptOutcome> {
  const { rows } = await pool().query<ClaimedDelivery>({ name: "claim-delivery", text: CLAIM, values: [deliveryId] });
  const delivery = rows[0];
  if (!delivery) return whyNotNow(db, deliveryId);

  const startedAt = new Date();
  const body = JSON.stringify(delivery.payload);
  const headers: Record<string, string> = {};
  // Signed with the integration's secret, or the HTTP channel's for its callbacks.
  if (delivery.signingSecretEncrypted) {
    Object.assign(headers, signWebhook({ id: delivery.id, timestamp: startedAt, body, secret: decryptStored(delivery.signingSecretEncrypted) }));
  }
  if (delivery.integrationId && delivery.platform !== "OTHERS" && delivery.tokenEncrypted) {
    headers.authorization = `Bearer ${decryptStored(delivery.tokenEncrypted)}`;
  }
  const url = delivery.integrationId ? delivery.url : delivery.callbackUrl;
  const { policy, timeoutMs } = defaultOutbound();
  const result: OutboundResult = url
    ? await postJson({ url, body, headers, timeoutMs, policy })
    : { ok: false, error: { kind: "url_refused", message: "URL refused: the receiver has no URL" }, durationMs: 0 };
  const verificationToken =
    delivery.platform === "OTHERS" && delivery.tokenEncrypted ? decryptStored(delivery.tokenEncrypted) : undefined;
  const verdict = judgeReceiverResponse(result, verificationToken === undefined ? {} : { verificationToken });

  return recordAttempt(db, {
    delivery: { id: delivery.id, integrationId: delivery.integrationId },
    attempt: delivery.attempts,
    startedAt,
    durationMs: result.durationMs,
    statusCode: result.status ?? null,
    responseStart: result.bodyStart ?? null,
    verdict,
  });
}

/** The claim took nothing: say why, holding the delivery if its integration is not ACTIVE. */
async function whyNotNow(db: Db, deliveryId: string): Promise<AttemptOutcome> {
  const delivery = await db.delivery.findUnique({
    where: { id: deliveryId },
    select: { state: true, orderingKey: true, seq: true, integration: { select: { status: true } } },
  });
  if (!delivery || delivery.state === "DELIVERED" || delivery.state === "FAILED") return { outcome: "SKIPPED" };
  if (delivery.state === "HELD") return { outcome: "HELD" };
  if (delivery.integration && delivery.integration.status !== "ACTIVE") {
    await db.delivery.updateMany({ where: { id: deliveryId, state: "PENDING" }, data: { state: "HELD" } });
    return { outcome: "HELD" };
  }
  const earlier = await db.delivery.findFirst({
    where: { orderingKey: delivery.orderingKey, seq: { lt: delivery.seq }, state: { in: ["PENDING", "HELD"] } },
    select: { id: true },
  });
  return earlier ? { outcome: "WAITING" } : { outcome: "SKIPPED" };
}
