/**
 * Recording an attempt: the attempt row, the delivery's new state and the integration's
 * failure count, together. What a receiver sent back is stored as a sanitised copy, so
 * recording can never fail on it (and leave a delivery claimed that nobody moves on), and without
 * the receiver's secrets.
 */
import { randomUUID } from "node:crypto";
import type { Db } from "@/server/db/client";
import { pool } from "@/server/db/client";
import { storableText } from "@/server/db/storable-text";
import { redactSecrets } from "@/server/security/redact";
import { alertDeliveryFailed, alertIntegrationDeactivated } from "@/server/alerts/integration-alerts";
import type { AttemptOutcome } from "./attempt-outcome";
import { HOLD_WAITING, RECORD_SUCCESS } from "./delivery-sql";
import type { FailureClass, ReceiverVerdict } from "./receiver-protocol";
import { Semaphores } from "./receiver-slots";
import { nextAttempt } from "./retry-schedule";

/** Five consecutive failed attempts make an integration INACTIVE (docs/delivery.md, "Deactivation"). */
export const DEACTIVATE_AFTER_FAILURES = 5;

export const GONE_REASON = "the receiver answered 410 Gone";

export interface AttemptRecord {
  delivery: { id: string; integrationId: string | null; scheduleAttempts: number; scheduleStartedAt: Date | null };
  attempt: number;
  startedAt: Date;
  durationMs: number;
  statusCode: number | null;
  responseStart: string | null;
  verdict: ReceiverVerdict;
  failure?: FailureClass;
  /** The receiver's token and signing secrets: never stored (an OTHERS bot echoes its token in every answer). */
  secrets?: ReadonlyArray<string | null>;
}

export async function recordAttempt(db: Db, record: AttemptRecord): Promise<AttemptOutcome> {
  const secrets = record.secrets ?? [];
  const responseStart = storableText(redactSecrets(record.responseStart, secrets));
  if (record.verdict.ok) return recordSuccess({ ...record, responseStart });
  return recordFailure(db, { ...record, responseStart }, storableText(redactSecrets(record.verdict.reason, secrets)), record.failure ?? { kind: "RETRY" });
}

/** One statement (the hot path): the attempt, the delivery DELIVERED, the failure count reset. */
async function recordSuccess(record: AttemptRecord): Promise<AttemptOutcome> {
  await pool().query({
    ...RECORD_SUCCESS,
    values: [
      randomUUID(),
      record.delivery.id,
      record.attempt,
      record.startedAt,
      record.durationMs,
      record.statusCode,
      record.responseStart,
      record.delivery.integrationId,
    ],
  });
  return { outcome: "DELIVERED", attempt: record.attempt };
}

/**
 * One failure record per integration at a time in this process. Each locks the integration's row
 * until it commits, and the one that deactivates it also holds its deliveries and raises the
 * alert: concurrent records of a hanging receiver's attempts (they time out together) would each
 * hold a pooled connection while they wait, and starve other tenants' requests of connections.
 * Here they wait in memory instead; at most DELIVERY_MAX_IN_FLIGHT_PER_RECEIVER of them, since an
 * attempt's exchange slot is held until its failure is recorded (attempt.ts).
 */
const failureRecords = new Semaphores(() => 1);

type Next = { state: "PENDING"; at: Date } | { state: "FAILED"; why: string } | { state: "HELD" };

/** What becomes of the delivery after this failure, before the integration's count is known. */
function decideNext(record: AttemptRecord, failure: FailureClass, scheduleStartedAt: Date): Next {
  if (failure.kind === "REFUSED") return { state: "FAILED", why: "the receiver refused it" };
  if (failure.kind === "GONE") return record.delivery.integrationId ? { state: "HELD" } : { state: "FAILED", why: GONE_REASON };
  const next = nextAttempt({
    attemptsMade: record.delivery.scheduleAttempts,
    scheduleStartedAt,
    now: new Date(),
    retryAfterMs: failure.retryAfterMs,
  });
  return "at" in next ? { state: "PENDING", at: next.at } : { state: "FAILED", why: next.giveUp };
}

async function recordFailure(db: Db, record: AttemptRecord, reason: string, failure: FailureClass): Promise<AttemptOutcome> {
  const integrationId = record.delivery.integrationId;
  if (!integrationId) return recordFailureNow(db, record, reason, failure);
  // "full" cannot happen (see failureRecords), nor "dropped" (never dropped); if it did, record unserialised.
  const turn = await failureRecords.acquire(integrationId);
  try {
    return await recordFailureNow(db, record, reason, failure);
  } finally {
    if (turn === "slot") failureRecords.release(integrationId);
  }
}

async function recordFailureNow(db: Db, record: AttemptRecord, reason: string, failure: FailureClass): Promise<AttemptOutcome> {
  const scheduleStartedAt = record.delivery.scheduleStartedAt ?? record.startedAt;
  let next = decideNext(record, failure, scheduleStartedAt);
  const integrationId = record.delivery.integrationId;

  const deactivated = await db.$transaction(async (tx) => {
    await tx.deliveryAttempt.create({
      data: {
        deliveryId: record.delivery.id,
        integrationId,
        number: record.attempt,
        startedAt: record.startedAt,
        durationMs: record.durationMs,
        statusCode: record.statusCode,
        error: reason,
        responseStart: record.responseStart,
      },
    });
    let madeInactive = false;
    if (integrationId) {
      // One atomic statement: concurrent failures each count once while the integration is
      // ACTIVE (the count stops at the threshold), and only one of them flips the status.
      const gone = failure.kind === "GONE";
      const rows = await tx.$queryRaw<{ deactivated: boolean }[]>`
        WITH "before" AS (SELECT "status" FROM "Integration" WHERE "id" = ${integrationId} FOR NO KEY UPDATE)
        UPDATE "Integration" AS i
        SET "consecutiveFailures" = i."consecutiveFailures" + CASE WHEN i."status" = 'ACTIVE' THEN 1 ELSE 0 END,
            "status" = CASE WHEN i."status" = 'ACTIVE' AND (${gone} OR i."consecutiveFailures" + 1 >= ${DEACTIVATE_AFTER_FAILURES})
                            THEN 'INACTIVE'::"IntegrationStatus" ELSE i."status" END,
            "deactivatedAt" = CASE WHEN i."status" = 'ACTIVE' AND (${gone} OR i."consecutiveFailures" + 1 >= ${DEACTIVATE_AFTER_FAILURES})
                                   THEN now() ELSE i."deactivatedAt" END,
            "deactivationReason" = CASE WHEN i."status" = 'ACTIVE' AND (${gone} OR i."consecutiveFailures" + 1 >= ${DEACTIVATE_AFTER_FAILURES})
                                        THEN ${gone ? GONE_REASON : `${DEACTIVATE_AFTER_FAILURES} consecutive failed attempts`}
                                        ELSE i."deactivationReason" END
        FROM "before"
        WHERE i."id" = ${integrationId}
        RETURNING ("before"."status" = 'ACTIVE' AND i."status" = 'INACTIVE') AS "deactivated", i."status"::text AS "status"`;
      madeInactive = rows[0]?.deactivated ?? false;
      // A retry for an integration that is (now) not ACTIVE waits, held, for it to be verified again.
      const inactive = (rows[0] as { status?: string } | undefined)?.status !== "ACTIVE";
      if (inactive && next.state === "PENDING") next = { state: "HELD" };
      if (madeInactive) {
        // Its other waiting deliveries are held too.
        await tx.$executeRawUnsafe(HOLD_WAITING.text, integrationId, record.delivery.id);
        // The team is told in this transaction: only the one update that flipped it gets here.
        await alertIntegrationDeactivated(tx, integrationId);
      }
    }
    await tx.delivery.update({
      where: { id: record.delivery.id },
      data: {
        state: next.state,
        nextAttemptAt: next.state === "PENDING" ? next.at : null,
        lastError: next.state === "FAILED" ? `${reason} (${next.why})` : reason,
        lastAttemptAt: record.startedAt,
        claimedUntil: null,
        scheduleStartedAt,
        firstAttemptAt: record.attempt === 1 ? record.startedAt : undefined,
      },
    });
    if (next.state === "FAILED") await alertDeliveryFailed(tx, record.delivery.id, record.attempt, `${reason} (${next.why})`);
    return madeInactive;
  });

  return {
    outcome: "FAILED_ATTEMPT",
    attempt: record.attempt,
    reason,
    deactivated,
    next: next.state === "PENDING" ? "RETRY" : next.state,
    ...(next.state === "PENDING" ? { nextAttemptAt: next.at.toISOString() } : {}),
    scheduleAttempt: record.delivery.scheduleAttempts,
  };
}
