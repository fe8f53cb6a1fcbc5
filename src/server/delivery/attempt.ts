/**
 * THE attempt function: every delivery attempt (the first one right after the caller was
 * answered, each retry, a replay, a release) goes through here. One attempt = claim the
 * delivery, POST it with a 5 s deadline, judge the answer, record the attempt and the
 * delivery's new state in one transaction.
 */
import type { Db } from "@/server/db/client";
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

export async function attemptDelivery(db: Db, deliveryId: string): Promise<AttemptOutcome> {
  const delivery = await db.delivery.findUnique({
    where: { id: deliveryId },
    select: {
      id: true,
      seq: true,
      state: true,
      attempts: true,
      orderingKey: true,
      payload: true,
      integration: { select: { id: true, platform: true, status: true, url: true, tokenEncrypted: true, signingSecretEncrypted: true } },
      channelAsset: { select: { callbackUrl: true } },
    },
  });
  if (!delivery || delivery.state === "DELIVERED" || delivery.state === "FAILED") return { outcome: "SKIPPED" };
  const integration = delivery.integration;
  if (delivery.state === "HELD" || (integration && integration.status !== "ACTIVE")) {
    await db.delivery.updateMany({ where: { id: delivery.id, state: "PENDING" }, data: { state: "HELD" } });
    return { outcome: "HELD" };
  }
  const earlier = await db.delivery.findFirst({
    where: { orderingKey: delivery.orderingKey, seq: { lt: delivery.seq }, state: { in: ["PENDING", "HELD"] } },
    select: { id: true },
  });
  if (earlier) return { outcome: "WAITING" };

  // Claim this attempt number: a second runner on the same delivery finds nothing to claim.
  const claimed = await db.delivery.updateMany({
    where: { id: delivery.id, state: "PENDING", attempts: delivery.attempts },
    data: { attempts: { increment: 1 }, nextAttemptAt: null },
  });
  if (claimed.count === 0) return { outcome: "SKIPPED" };
  const attempt = delivery.attempts + 1;

  const url = integration ? integration.url : delivery.channelAsset?.callbackUrl;
  const startedAt = new Date();
  const body = JSON.stringify(delivery.payload);
  const headers: Record<string, string> = {};
  if (integration) {
    Object.assign(headers, signWebhook({ id: delivery.id, timestamp: startedAt, body, secret: decryptStored(integration.signingSecretEncrypted) }));
    if (integration.platform !== "OTHERS" && integration.tokenEncrypted) {
      headers.authorization = `Bearer ${decryptStored(integration.tokenEncrypted)}`;
    }
  }
  const { policy, timeoutMs } = defaultOutbound();
  const result: OutboundResult = url
    ? await postJson({ url, body, headers, timeoutMs, policy })
    : { ok: false, error: { kind: "url_refused", message: "URL refused: the receiver has no URL" }, durationMs: 0 };
  const verificationToken =
    integration?.platform === "OTHERS" && integration.tokenEncrypted ? decryptStored(integration.tokenEncrypted) : undefined;
  const verdict = judgeReceiverResponse(result, verificationToken === undefined ? {} : { verificationToken });

  return recordAttempt(db, {
    deliveryId: delivery.id,
    integrationId: integration?.id ?? null,
    attempt,
    startedAt,
    durationMs: result.durationMs,
    statusCode: result.status ?? null,
    responseStart: result.bodyStart ?? null,
    verdict,
  });
}
