/**
 * THE attempt function: every delivery attempt (the first one right after the caller was
 * answered, each retry, a replay, a release) goes through here, whichever runner called it.
 * One attempt = a slot for its receiver, claim the delivery, POST it with a 5 s deadline,
 * judge the answer, record the attempt and the delivery's new state together. On the hot
 * path, so claim and record are one statement each. Whatever changes a delivery's state here is
 * told to support staff's live streams (batched per tenant, live/delivery-outcomes.ts), so the
 * inspector hears of a retry's outcome as of a first attempt's.
 */
import { randomUUID } from "node:crypto";
import { env } from "@/server/config/env";
import type { Db } from "@/server/db/client";
import { pool } from "@/server/db/client";
import { retryWhileDatabaseDown } from "@/server/db/lost-connection";
import { defaultOutbound } from "@/server/net/outbound-options";
import { postJson, type OutboundResult } from "@/server/net/outbound-http";
import { decryptStored } from "@/server/security/app-key";
import { DELETED_REASON } from "@/server/integrations/deleted";
import { CLAIM_DELIVERY, HOLD_WAITING, UNCLAIM_AS_HELD, UNCLAIM_DELIVERY } from "./delivery-sql";
import { classifyFailure, expectationsFor, judgeReceiverResponse, receiverHeaders, type ReceiverPlatform } from "./receiver-protocol";
import { receiverSlots } from "./receiver-slots";
import { announceDeliveryOutcomes } from "@/server/live/delivery-outcomes";
import { afterSendApiAttempt } from "@/server/messenger/after-attempt";
import { sendApiExchange } from "@/server/messenger/send-api-exchange";
import { takeReceiverHint } from "./receiver-hints";
import type { AttemptOutcome } from "./attempt-outcome";
import { recordAttempt, type AttemptRecord } from "./record-attempt";

interface ClaimedDelivery {
  id: string;
  tenantId: string;
  conversationId: string | null;
  attempts: number;
  scheduleAttempts: number;
  scheduleStartedAt: Date | null;
  payload: unknown;
  integrationId: string | null;
  channelAssetId: string | null;
  /** An operational webhook endpoint (docs/alerts.md): sent like a channel callback, to its URL, signed with its secret. */
  webhookEndpointId: string | null;
  platform: string | null;
  url: string | null;
  tokenEncrypted: string | null;
  signingSecretEncrypted: string | null;
  /** The integration's previous signing secret, only while its rotation's overlap lasts. */
  previousSigningSecretEncrypted: string | null;
  callbackUrl: string | null;
  /** The channel asset's type and settings: a MESSENGER channel's delivery is a Send API call. */
  channelType: string | null;
  channelSettings: unknown;
}

/**
 * Attempts a delivery if it may go now. Knowing its receiver (its integration or channel asset
 * ID: from the caller, or remembered by the process that wrote it) lets the attempt wait for a
 * claim permit before claiming (receiver-slots.ts); once claimed, it waits for an exchange slot,
 * never longer than the claim's lease allows, then gives the claim back.
 */
export async function attemptDelivery(db: Db, deliveryId: string, receiver?: string | null): Promise<AttemptOutcome> {
  const { claims, exchanges } = receiverSlots();
  const permit = receiver ?? takeReceiverHint(deliveryId);
  if (permit) {
    const got = await claims.acquire(permit);
    if (got === "dropped") return { outcome: "HELD" }; // its integration is INACTIVE: the row is HELD already
    if (got !== "slot") return defer(deliveryId);
  }
  let delivery: ClaimedDelivery | undefined;
  try {
    delivery = await claim(deliveryId);
  } finally {
    if (!delivery && permit) claims.release(permit);
  }
  if (!delivery) return whyNotNow(db, deliveryId);

  const key = delivery.integrationId ?? delivery.channelAssetId ?? delivery.webhookEndpointId ?? delivery.id;
  const { timeoutMs } = defaultOutbound();
  const slot = await exchanges.acquire(key, Math.max(1_000, env().DELIVERY_CLAIM_LEASE_SECONDS * 1000 - timeoutMs - 2_000));
  if (permit) claims.release(permit);
  if (slot === "dropped") {
    await pool().query({ ...UNCLAIM_AS_HELD, values: [delivery.id] });
    announceDeliveryOutcomes(delivery.tenantId, [delivery.conversationId]);
    return { outcome: "HELD" };
  }
  if (slot !== "slot") {
    await pool().query({ ...UNCLAIM_DELIVERY, values: [delivery.id, new Date(Date.now() + 1_000)] });
    return { outcome: "DEFERRED" };
  }
  return send(db, delivery, () => exchanges.release(key));
}

async function claim(deliveryId: string): Promise<ClaimedDelivery | undefined> {
  const lease = env().DELIVERY_CLAIM_LEASE_SECONDS;
  const { rows } = await retryWhileDatabaseDown(() => pool().query<ClaimedDelivery>({ ...CLAIM_DELIVERY, values: [deliveryId, randomUUID(), lease] }), 1_000);
  return rows[0];
}

/** Too many wait for this receiver here: due in a second, for whichever runner has a slot. */
async function defer(deliveryId: string): Promise<AttemptOutcome> {
  await pool().query({
    name: "defer-delivery",
    text: `UPDATE "Delivery" SET "nextAttemptAt" = now() + interval '1 second', "updatedAt" = now()
           WHERE "id" = $1 AND "state" = 'PENDING' AND ("claimedUntil" IS NULL OR "claimedUntil" < now())`,
    values: [deliveryId],
  });
  return { outcome: "DEFERRED" };
}

/**
 * The exchange and its record. The receiver's slot is freed as soon as a success is in (the
 * record needs no slot), but only after a failure is recorded: the next waiter must see the
 * failure count, so that once the integration is INACTIVE no new attempt starts.
 */
async function send(db: Db, delivery: ClaimedDelivery, releaseSlot: () => void): Promise<AttemptOutcome> {
  let released = false;
  const release = () => {
    if (!released) releaseSlot();
    released = true;
  };
  try {
    const startedAt = new Date();
    const platform: ReceiverPlatform = (delivery.integrationId ? delivery.platform : "HTTP_CALLBACK") as ReceiverPlatform;
    const { policy, timeoutMs } = defaultOutbound();
    const body = JSON.stringify(delivery.payload);
    const token = delivery.tokenEncrypted ? decryptStored(delivery.tokenEncrypted) : null;
    // Signed with the integration's secret, or the HTTP channel's for its callbacks.
    const signingSecret = delivery.signingSecretEncrypted ? decryptStored(delivery.signingSecretEncrypted) : null;
    const previousSigningSecret = delivery.previousSigningSecretEncrypted ? decryptStored(delivery.previousSigningSecretEncrypted) : null;
    const headers = receiverHeaders({ id: delivery.id, at: startedAt, body, signingSecret, previousSigningSecret, platform, token });
    const url = delivery.integrationId ? delivery.url : delivery.callbackUrl;
    // A Messenger channel's delivery is a Send API call with Messenger's verdict (docs/messenger.md).
    const messenger =
      delivery.channelType === "MESSENGER" ? await sendApiExchange({ payload: delivery.payload, settings: delivery.channelSettings, timeoutMs }) : null;
    const result: OutboundResult = messenger
      ? messenger.result
      : url
        ? await postJson({ url, body, headers, timeoutMs, policy })
        : { ok: false, error: { kind: "url_refused", message: "URL refused: the receiver has no URL" }, durationMs: 0 };
    const verdict = messenger ? messenger.verdict : judgeReceiverResponse(result, expectationsFor(platform, token));
    if (verdict.ok) release();

    const record: AttemptRecord = {
      delivery: {
        id: delivery.id,
        integrationId: delivery.integrationId,
        scheduleAttempts: delivery.scheduleAttempts,
        scheduleStartedAt: delivery.scheduleStartedAt,
      },
      attempt: delivery.attempts,
      startedAt,
      durationMs: result.durationMs,
      statusCode: result.status ?? null,
      responseStart: result.bodyStart ?? null,
      verdict,
      failure: verdict.ok ? undefined : messenger ? messenger.failure : classifyFailure(result, startedAt),
      secrets: [token, signingSecret, previousSigningSecret, ...(messenger?.secrets ?? [])],
    };
    // The POST happened: its record waits out a short database outage (well within the claim's
    // lease), or the webhook would be sent again once the lease expires.
    const leaseMs = env().DELIVERY_CLAIM_LEASE_SECONDS * 1000;
    const outcome = await retryWhileDatabaseDown(() => recordAttempt(db, record), leaseMs - timeoutMs - 1_000);
    announceDeliveryOutcomes(delivery.tenantId, [delivery.conversationId]);
    // The integration is INACTIVE now: let what waits here for it go, and hold it. The
    // deactivation held what it found, but not what was written while it ran (by accepts that
    // routed on the old status), whose attempts waited here and are let go untried.
    const inactive = outcome.outcome === "FAILED_ATTEMPT" && (outcome.deactivated || outcome.next === "HELD");
    if (inactive && delivery.integrationId) {
      receiverSlots().drop(delivery.integrationId);
      // Best effort: what it misses, the runner holds once due (whyNotNow).
      await pool()
        .query({ ...HOLD_WAITING, values: [delivery.integrationId, null] })
        .catch((error: unknown) => console.warn("[delivery] waiting deliveries not held yet:", error instanceof Error ? error.message : error));
    }
    if (messenger) {
      // The mid, or the bot's "Message Delivery" Failed once the delivery is FAILED; its slot is free first.
      release();
      const notices = await afterSendApiAttempt(db, delivery.id, messenger, outcome);
      await Promise.all(notices.map((id) => attemptDelivery(db, id)));
    }
    return outcome;
  } finally {
    release();
  }
}

/** The claim took nothing: say why, holding the delivery if its integration is not ACTIVE. */
async function whyNotNow(db: Db, deliveryId: string): Promise<AttemptOutcome> {
  const delivery = await db.delivery.findUnique({
    where: { id: deliveryId },
    select: { tenantId: true, conversationId: true, state: true, orderingKey: true, seq: true, integration: { select: { status: true, deletedAt: true } } },
  });
  if (!delivery || delivery.state === "DELIVERED" || delivery.state === "FAILED") return { outcome: "SKIPPED" };
  if (delivery.state === "HELD") return { outcome: "HELD" };
  if (delivery.integration?.deletedAt) {
    // Written while its integration was being deleted: never attempted (integrations/delete.ts).
    const failed = await db.delivery.updateMany({ where: { id: deliveryId, state: "PENDING" }, data: { state: "FAILED", nextAttemptAt: null, lastError: DELETED_REASON } });
    if (failed.count > 0) announceDeliveryOutcomes(delivery.tenantId, [delivery.conversationId]);
    return { outcome: "SKIPPED" };
  }
  if (delivery.integration && delivery.integration.status !== "ACTIVE") {
    const held = await db.delivery.updateMany({ where: { id: deliveryId, state: "PENDING" }, data: { state: "HELD", nextAttemptAt: null } });
    if (held.count > 0) announceDeliveryOutcomes(delivery.tenantId, [delivery.conversationId]);
    return { outcome: "HELD" };
  }
  const earlier = await db.delivery.findFirst({
    where: { orderingKey: delivery.orderingKey, seq: { lt: delivery.seq }, state: { in: ["PENDING", "HELD"] } },
    select: { id: true },
  });
  return earlier ? { outcome: "WAITING" } : { outcome: "SKIPPED" };
}
