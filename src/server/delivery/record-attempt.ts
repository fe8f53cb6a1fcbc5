import type { Db } from "@/server/db/client";
import type { ReceiverVerdict } from "@/server/integrations/receiver-response";
import type { AttemptOutcome } from "./attempt";

/** Five consecutive failed attempts make an integration INACTIVE (SPEC: Delivery guarantees). */
export const DEACTIVATE_AFTER_FAILURES = 5;

export interface AttemptRecord {
  deliveryId: string;
  integrationId: string | null;
  attempt: number;
  startedAt: Date;
  durationMs: number;
  statusCode: number | null;
  responseStart: string | null;
  verdict: ReceiverVerdict;
}

/** The attempt row, the delivery's state and the integration's failure count, in one transaction. */
export async function recordAttempt(db: Db, record: AttemptRecord): Promise<AttemptOutcome> {
  const { verdict } = record;
  return db.$transaction(async (tx) => {
    await tx.deliveryAttempt.create({
      data: {
        deliveryId: record.deliveryId,
        number: record.attempt,
        startedAt: record.startedAt,
        durationMs: record.durationMs,
        statusCode: record.statusCode,
        error: verdict.ok ? null : verdict.reason,
        responseStart: record.responseStart,
      },
    });
    await tx.delivery.update({
      where: { id: record.deliveryId },
      data: verdict.ok
        ? { state: "DELIVERED", deliveredAt: new Date(), lastError: null, lastAttemptAt: record.startedAt, firstAttemptAt: record.attempt === 1 ? record.startedAt : undefined }
        : { lastError: verdict.reason, lastAttemptAt: record.startedAt, firstAttemptAt: record.attempt === 1 ? record.startedAt : undefined },
    });
    if (verdict.ok) {
      if (record.integrationId) {
        await tx.integration.updateMany({ where: { id: record.integrationId, consecutiveFailures: { gt: 0 } }, data: { consecutiveFailures: 0 } });
      }
      return { outcome: "DELIVERED", attempt: record.attempt };
    }
    let deactivated = false;
    if (record.integrationId) {
      // One atomic statement: concurrent failures each count once, and only one of them flips the status.
      const rows = await tx.$queryRaw<{ deactivated: boolean }[]>`
        WITH "before" AS (SELECT "status" FROM "Integration" WHERE "id" = ${record.integrationId} FOR UPDATE)
        UPDATE "Integration" AS i
        SET "consecutiveFailures" = i."consecutiveFailures" + 1,
            "status" = CASE WHEN i."status" = 'ACTIVE' AND i."consecutiveFailures" + 1 >= ${DEACTIVATE_AFTER_FAILURES}
                            THEN 'INACTIVE'::"IntegrationStatus" ELSE i."status" END,
            "deactivatedAt" = CASE WHEN i."status" = 'ACTIVE' AND i."consecutiveFailures" + 1 >= ${DEACTIVATE_AFTER_FAILURES}
                                   THEN now() ELSE i."deactivatedAt" END
        FROM "before"
        WHERE i."id" = ${record.integrationId}
        RETURNING ("before"."status" = 'ACTIVE' AND i."status" = 'INACTIVE') AS "deactivated"`;
      deactivated = rows[0]?.deactivated ?? false;
    }
    return { outcome: "FAILED_ATTEMPT", attempt: record.attempt, reason: verdict.reason, deactivated };
  });
}
