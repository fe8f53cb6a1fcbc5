import { randomUUID } from "node:crypto";
import { env } from "@/server/config/env";
import type { Db } from "@/server/db/client";
import { pool } from "@/server/db/client";
import type { ReceiverVerdict } from "@/server/integrations/receiver-response";
import type { AttemptOutcome } from "./attempt";

/** Five consecutive failed attempts make an integration INACTIVE (SPEC: Delivery guarantees). */
export const DEACTIVATE_AFTER_FAILURES = 5;

export interface AttemptRecord {
  delivery: { id: string; integrationId: string | null };
  attempt: number;
  startedAt: Date;
  durationMs: number;
  statusCode: number | null;
  responseStart: string | null;
  verdict: ReceiverVerdict;
}

/** The attempt row, the delivery's new state and the integration's failure count, together. */
export async function recordAttempt(db: Db, record: AttemptRecord): Promise<AttemptOutcome> {
  return record.verdict.ok ? recordSuccess(record) : recordFailure(db, record, record.verdict.reason);
}

/** One statement (the hot path): the attempt, the delivery DELIVERED, the failure count reset. */
async function recordSuccess(record: AttemptRecord): Promise<AttemptOutcome> {
  await pool().query({
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

async function recordFailure(db: Db, record: AttemptRecord, reason: string): Promise<AttemptOutcome> {
  return db.$transaction(async (tx) => {
    await tx.deliveryAttempt.create({
      data: {
        deliveryId: record.delivery.id,
        integrationId: record.delivery.integrationId,
        number: record.attempt,
        startedAt: record.startedAt,
        durationMs: record.durationMs,
        statusCode: record.statusCode,
        error: reason,
        responseStart: record.responseStart,
      },
    });
    await tx.delivery.update({
      where: { id: record.delivery.id },
      data: {
        lastError: reason,
        lastAttemptAt: record.startedAt,
        claimedUntil: null,
        firstAttemptAt: record.attempt === 1 ? record.startedAt : undefined,
      },
    });
    let deactivated = false;
    const integrationId = record.delivery.integrationId;
    if (integrationId) {
      // One atomic statement: concurrent failures each count once, and only one of them flips the status.
      const rows = await tx.$queryRaw<{ deactivated: boolean }[]>`
        WITH "before" AS (SELECT "status" FROM "Integration" WHERE "id" = ${integrationId} FOR UPDATE)
        UPDATE "Integration" AS i
        SET "consecutiveFailures" = i."consecutiveFailures" + 1,
            "status" = CASE WHEN i."status" = 'ACTIVE' AND i."consecutiveFailures" + 1 >= ${DEACTIVATE_AFTER_FAILURES}
                            THEN 'INACTIVE'::"IntegrationStatus" ELSE i."status" END,
            "deactivatedAt" = CASE WHEN i."status" = 'ACTIVE' AND i."consecutiveFailures" + 1 >= ${DEACTIVATE_AFTER_FAILURES}
                                   THEN now() ELSE i."deactivatedAt" END
        FROM "before"
        WHERE i."id" = ${integrationId}
        RETURNING ("before"."status" = 'ACTIVE' AND i."status" = 'INACTIVE') AS "deactivated"`;
      deactivated = rows[0]?.deactivated ?? false;
      if (deactivated) {
        // Deliveries for an inactive integration are held, not attempted: those waiting for a
        // retry too (this one included), so verifying again releases them in order. One whose
        // last retry this was is not: it becomes FAILED, as its schedule says.
        const lastAttempt = 1 + env().DELIVERY_RETRY_SCHEDULE.length;
        await tx.$executeRaw`
          UPDATE "Delivery" SET "state" = 'HELD', "nextAttemptAt" = NULL, "updatedAt" = now()
          WHERE "integrationId" = ${integrationId} AND "state" = 'PENDING' AND "attempts" < ${lastAttempt}
            AND ("claimedUntil" IS NULL OR "claimedUntil" < now() OR "id" = ${record.delivery.id})`;
      }
    }
    return { outcome: "FAILED_ATTEMPT", attempt: record.attempt, reason, deactivated };
  });
}
