/**
 * The delivery table's hand-written statements, in one place, all named prepared statements
 * (the hot path plans each once per connection). Ordering rule (docs/delivery.md): deliveries
 * with the same orderingKey (one conversation, one receiver; see orderingKeyOf in outbox.ts)
 * go out in creation order, so a delivery may go only while no earlier one of its queue is
 * PENDING or HELD.
 */

// How long a claim lasts (DELIVERY_CLAIM_LEASE_SECONDS, well past the 5 s deadline of the
// exchange it covers) and how long the first-attempt path gets before a runner takes a delivery
// it never attempted (DELIVERY_FIRST_ATTEMPT_GRACE_SECONDS) are parameters of the statements.

export const INTERRUPTED_REASON =
  "interrupted: the process making this attempt stopped before its outcome was recorded (the receiver may have received it, with the same webhook-id)";

const FIRST_IN_QUEUE = `NOT EXISTS (SELECT 1 FROM "Delivery" e
  WHERE e."orderingKey" = d."orderingKey" AND e."seq" < d."seq" AND e."state" IN ('PENDING', 'HELD'))`;

/** The receiver a delivery's in-flight slot is counted against (an operational webhook endpoint too: docs/alerts.md). */
export const RECEIVER_KEY = `COALESCE(d."integrationId", d."channelAssetId", d."webhookEndpointId")`;

/**
 * Takes the next attempt of a delivery if it may go now: PENDING, due, first in its queue, for
 * an ACTIVE integration not deleted, and not in flight. A claim that expired means the attempt it covered
 * was interrupted (the process died): that attempt is recorded as such, and this is the next.
 * $1 delivery, $2 an ID for the interrupted attempt's row, $3 the lease in seconds.
 */
export const CLAIM_DELIVERY = {
  name: "claim-delivery",
  text: `WITH target AS (
    SELECT d."id", d."integrationId", d."attempts", d."claimedUntil" FROM "Delivery" d
    WHERE d."id" = $1 AND d."state" = 'PENDING' AND (d."claimedUntil" IS NULL OR d."claimedUntil" < now())
      AND (d."nextAttemptAt" IS NULL OR d."nextAttemptAt" <= now() + interval '2 seconds')
      AND ${FIRST_IN_QUEUE}
      AND (d."integrationId" IS NULL
           OR EXISTS (SELECT 1 FROM "Integration" i WHERE i."id" = d."integrationId" AND i."status" = 'ACTIVE' AND i."deletedAt" IS NULL))
    FOR UPDATE OF d SKIP LOCKED
  ), interrupted AS (
    INSERT INTO "DeliveryAttempt" ("id", "deliveryId", "integrationId", "number", "startedAt", "durationMs", "error")
    SELECT $2, t."id", t."integrationId", t."attempts", t."claimedUntil" - make_interval(secs => $3), 0, '${INTERRUPTED_REASON}'
    FROM target t WHERE t."claimedUntil" IS NOT NULL AND t."attempts" > 0
    ON CONFLICT ("deliveryId", "number") DO NOTHING
  ), claimed AS (
    UPDATE "Delivery" d SET "attempts" = d."attempts" + 1, "scheduleAttempts" = d."scheduleAttempts" + 1,
                            "nextAttemptAt" = NULL, "updatedAt" = now(),
                            "claimedUntil" = now() + make_interval(secs => $3),
                            "lastError" = CASE WHEN target."claimedUntil" IS NULL THEN d."lastError" ELSE '${INTERRUPTED_REASON}' END
    FROM target WHERE d."id" = target."id"
    RETURNING d."id", d."tenantId", d."conversationId", d."attempts", d."scheduleAttempts", d."scheduleStartedAt", d."payload", d."integrationId", d."channelAssetId", d."webhookEndpointId"
  )
  SELECT c.*, i."platform"::text AS "platform", i."url", i."tokenEncrypted",
         a."type"::text AS "channelType", a."settings" AS "channelSettings",
         COALESCE(i."signingSecretEncrypted", a."signingSecretEncrypted", w."signingSecretEncrypted") AS "signingSecretEncrypted",
         CASE WHEN i."previousSigningSecretExpiresAt" > now() THEN i."previousSigningSecretEncrypted" END AS "previousSigningSecretEncrypted",
         COALESCE(a."callbackUrl", w."url") AS "callbackUrl"
  FROM claimed c
  LEFT JOIN "Integration" i ON i."id" = c."integrationId"
  LEFT JOIN "ChannelAsset" a ON a."id" = c."channelAssetId"
  LEFT JOIN "WebhookEndpoint" w ON w."id" = c."webhookEndpointId"`,
};

/** Gives a claim back untried (no free slot for its receiver): as if it had never been taken. */
export const UNCLAIM_DELIVERY = {
  name: "unclaim-delivery",
  text: `UPDATE "Delivery" SET "attempts" = "attempts" - 1, "scheduleAttempts" = "scheduleAttempts" - 1,
                              "claimedUntil" = NULL, "nextAttemptAt" = $2, "updatedAt" = now()
         WHERE "id" = $1 AND "claimedUntil" IS NOT NULL AND "state" = 'PENDING'`,
};

/** Gives a claim back untried because its integration was made INACTIVE meanwhile: HELD, as if never taken. */
export const UNCLAIM_AS_HELD = {
  name: "unclaim-delivery-held",
  text: `UPDATE "Delivery" SET "attempts" = "attempts" - 1, "scheduleAttempts" = "scheduleAttempts" - 1,
                              "claimedUntil" = NULL, "nextAttemptAt" = NULL, "state" = 'HELD', "updatedAt" = now()
         WHERE "id" = $1 AND "claimedUntil" IS NOT NULL AND "state" = 'PENDING'`,
};

/**
 * An integration made INACTIVE: its waiting deliveries are HELD, not those in flight (their own
 * outcome holds them), so verifying it again releases them all in order. $1 the integration, $2 a
 * delivery to leave alone (the one whose failure is being recorded), or null.
 */
export const HOLD_WAITING = {
  name: "hold-waiting-deliveries",
  text: `UPDATE "Delivery" SET "state" = 'HELD', "nextAttemptAt" = NULL, "updatedAt" = now()
         WHERE "integrationId" = $1 AND "state" = 'PENDING' AND "id" IS DISTINCT FROM $2
           AND ("claimedUntil" IS NULL OR "claimedUntil" < now())`,
};

/**
 * PENDING deliveries nobody is attempting that are due: a retry whose time has come, a first
 * attempt the accepting process never made (past the grace), an attempt whose claim expired
 * (its process died). First in their queues only; oldest first. $1 how many; $2 seconds a retry
 * that Inngest accepted is left to it before it counts as lost; $3 the first attempt's grace.
 */
export const DUE_DELIVERIES = {
  name: "due-deliveries",
  text: `SELECT d."id", ${RECEIVER_KEY} AS "receiver" FROM "Delivery" d
    WHERE d."state" = 'PENDING'
      AND (d."claimedUntil" < now() OR (d."claimedUntil" IS NULL
           AND COALESCE(d."nextAttemptAt", d."createdAt" + make_interval(secs => $3)) <= now()))
      AND (d."retryScheduledAt" IS NULL OR d."nextAttemptAt" <= now() - make_interval(secs => $2))
      AND ${FIRST_IN_QUEUE}
    ORDER BY d."seq" LIMIT $1`,
};

/**
 * The delivery queued behind a finished one. Looked up after the finish was committed, so a
 * delivery that saw the finished one still unfinished (and chose to wait) is always found.
 */
export const NEXT_IN_QUEUE = {
  name: "next-delivery-in-order",
  text: `SELECT d."id", ${RECEIVER_KEY} AS "receiver" FROM "Delivery" f JOIN "Delivery" d ON d."orderingKey" = f."orderingKey" AND d."seq" > f."seq"
    WHERE f."id" = $1 AND d."state" = 'PENDING' ORDER BY d."seq" LIMIT 1`,
};

/** One row of the attempt log and the delivery DELIVERED, the integration's failure count reset. */
export const RECORD_SUCCESS = {
  name: "record-delivery-success",
  text: `WITH attempt AS (
      INSERT INTO "DeliveryAttempt" ("id", "deliveryId", "integrationId", "number", "startedAt", "durationMs", "statusCode", "error", "responseStart")
      VALUES ($1, $2, $8, $3, $4, $5, $6, NULL, $7)
    ), reset AS (
      UPDATE "Integration" SET "consecutiveFailures" = 0 WHERE "id" = $8 AND "consecutiveFailures" > 0
    )
    UPDATE "Delivery" SET "state" = 'DELIVERED', "deliveredAt" = now(), "lastError" = NULL, "lastAttemptAt" = $4,
                          "firstAttemptAt" = COALESCE("firstAttemptAt", $4), "claimedUntil" = NULL, "updatedAt" = now()
    WHERE "id" = $2`,
};
