/**
 * The relay: nothing accepted is lost when a process dies after its commit or Inngest is
 * unreachable. Run every minute (Inngest cron) and once at app start. Rows are leased with
 * FOR UPDATE SKIP LOCKED (and nextAttemptAt as the lease), so two runners never take the
 * same delivery.
 */
import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db/client";
import { deliverInOrder } from "./deliver-now";
import { integrationDeactivated, integrationReactivated, retryRequested, type EventSender } from "./events";

/** How long the first-attempt path gets before the relay steps in. */
export const RELAY_GRACE_MS = 30_000;
const LEASE_MS = 2 * 60_000;
const BATCH = 100;

export interface RelayReport {
  firstAttempts: number;
  retriesScheduled: number;
  deactivationsAnnounced: number;
  releasesAnnounced: number;
}

export async function runRelay(db: Db, send: EventSender, now = new Date()): Promise<RelayReport> {
  const before = new Date(now.getTime() - RELAY_GRACE_MS);
  const leaseUntil = new Date(now.getTime() + LEASE_MS);

  // Deliveries whose first attempt never happened: the process died after the commit.
  const orphans = await lease(db, leaseUntil, (tx) => tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Delivery"
    WHERE "state" = 'PENDING' AND "attempts" = 0 AND "createdAt" < ${before}
      AND ("nextAttemptAt" IS NULL OR "nextAttemptAt" < ${now})
    ORDER BY "seq" LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`);
  for (const id of orphans) await deliverInOrder(db, id, send);

  // Failed attempts whose retry schedule Inngest never accepted.
  const unscheduled = await lease(db, leaseUntil, (tx) => tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Delivery"
    WHERE "state" = 'PENDING' AND "attempts" > 0 AND "retryScheduledAt" IS NULL AND "lastAttemptAt" < ${before}
      AND ("nextAttemptAt" IS NULL OR "nextAttemptAt" < ${now})
    ORDER BY "seq" LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`);
  let retriesScheduled = 0;
  for (const id of unscheduled) {
    const delivery = await db.delivery.findUniqueOrThrow({ where: { id }, select: { attempts: true, lastAttemptAt: true } });
    const scheduleFrom = delivery.lastAttemptAt ?? now;
    try {
      await send([retryRequested(id, delivery.attempts, scheduleFrom)]);
    } catch {
      break; // Inngest is still unreachable: the lease lapses and the next run tries again.
    }
    await db.delivery.update({ where: { id }, data: { retryScheduledAt: now } });
    retriesScheduled += 1;
  }

  // Deactivations whose history entry was never written, and releases never started.
  const unannounced = await db.$queryRaw<{ id: string; deactivatedAt: Date }[]>`
    SELECT i."id", i."deactivatedAt" FROM "Integration" i
    WHERE i."status" = 'INACTIVE' AND i."deactivatedAt" IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM "IntegrationEvent" e
                      WHERE e."integrationId" = i."id" AND e."type" = 'DEACTIVATED' AND e."createdAt" >= i."deactivatedAt")
    LIMIT ${BATCH}`;
  const unreleased = await db.$queryRaw<{ id: string }[]>`
    SELECT DISTINCT d."integrationId" AS "id" FROM "Delivery" d
    JOIN "Integration" i ON i."id" = d."integrationId"
    WHERE d."state" = 'HELD' AND i."status" = 'ACTIVE' AND d."updatedAt" < ${before}
    LIMIT ${BATCH}`;
  let deactivationsAnnounced = 0;
  let releasesAnnounced = 0;
  try {
    if (unannounced.length > 0) {
      await send(unannounced.map((i) => integrationDeactivated(i.id, i.deactivatedAt)));
      deactivationsAnnounced = unannounced.length;
    }
    if (unreleased.length > 0) {
      // One release per minute at most for the same integration: the event ID deduplicates.
      const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
      await send(unreleased.map((i) => integrationReactivated(i.id, minute)));
      releasesAnnounced = unreleased.length;
    }
  } catch {
    // Inngest unreachable: the next run announces them.
  }
  return { firstAttempts: orphans.length, retriesScheduled, deactivationsAnnounced, releasesAnnounced };
}

/** Selects rows under FOR UPDATE SKIP LOCKED and leases them (nextAttemptAt) in one short transaction. */
async function lease(db: Db, until: Date, select: (tx: Prisma.TransactionClient) => Promise<{ id: string }[]>): Promise<string[]> {
  return db.$transaction(async (tx) => {
    const ids = (await select(tx)).map((row) => row.id);
    if (ids.length > 0) await tx.delivery.updateMany({ where: { id: { in: ids } }, data: { nextAttemptAt: until } });
    return ids;
  });
}
