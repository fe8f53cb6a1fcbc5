/**
 * Per-tenant retention (docs/retention.md): conversations whose last activity is older than
 * the tenant's setting are deleted with their messages, deliveries and attempts, and so are
 * unrouted messages as old. The runners apply it, one tenant at a time, in short batches: each
 * batch is its own statement, so no lock is held longer than one batch takes, and a customer
 * who writes into a conversation while it is being deleted simply starts a new one.
 */
import type { Db } from "@/server/db/client";
import { notFound } from "@/server/errors";
import type { Actor } from "@/server/tenancy/actor";

/** Conversations (or unrouted messages) deleted per statement. */
export const RETENTION_BATCH = 500;
/** A tenant's retention is applied once an hour. */
const RUN_EVERY_MS = 3_600_000;
/** A run's claim: a runner that dies mid-run leaves the tenant to another after this. */
const CLAIM_MS = 10 * 60_000;
/** One run stops after this long and goes on at the next (a huge first run is spread out). */
const RUN_BUDGET_MS = 10_000;

export const RETENTION_CHOICES = [7, 30, 90, 180, 365] as const;

export interface RetentionSetting {
  /** Null keeps everything. */
  days: number | null;
  lastRunAt: Date | null;
  lastDeleted: number | null;
  /** The last run stopped at its time budget; the next minute goes on with it. */
  continuing: boolean;
  lastError: string | null;
  /** When the next run is due (null: keeping everything). */
  nextRunAt: Date | null;
}

export async function retentionSetting(db: Db, actor: Actor): Promise<RetentionSetting> {
  const tenant = await db.tenant.findUnique({
    where: { id: actor.tenantId },
    select: { retentionDays: true, retentionLastRunAt: true, retentionLastDeleted: true, retentionContinuing: true, retentionLastError: true },
  });
  if (!tenant) throw notFound("Organization");
  return {
    days: tenant.retentionDays,
    lastRunAt: tenant.retentionLastRunAt,
    lastDeleted: tenant.retentionLastDeleted,
    continuing: tenant.retentionContinuing,
    lastError: tenant.retentionLastError,
    nextRunAt:
      tenant.retentionDays === null ? null : new Date((tenant.retentionLastRunAt?.getTime() ?? Date.now()) + (tenant.retentionLastRunAt ? RUN_EVERY_MS : 0)),
  };
}

/** Changing the setting makes a run due at once (the next minute job applies it). */
export async function setRetention(db: Db, actor: Actor, days: number | null): Promise<RetentionSetting> {
  await db.tenant.update({ where: { id: actor.tenantId }, data: { retentionDays: days, retentionLastRunAt: null, retentionLastError: null, retentionContinuing: false } });
  return retentionSetting(db, actor);
}

export interface RetentionRun {
  tenantId: string;
  deleted: number;
  /** False when the run stopped at its time budget with more to delete. */
  complete: boolean;
}

/** Deletes one tenant's conversations and unrouted messages older than `days`, batch by batch. */
export async function applyRetention(
  db: Db,
  tenantId: string,
  days: number,
  { now = new Date(), batch = RETENTION_BATCH, budgetMs = RUN_BUDGET_MS }: { now?: Date; batch?: number; budgetMs?: number } = {},
): Promise<RetentionRun> {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  const stopAt = Date.now() + budgetMs;
  let deleted = 0;
  // Each statement deletes one batch; true when nothing of its kind is left.
  const drain = async (deleteBatch: () => Promise<number>) => {
    for (;;) {
      const n = await deleteBatch();
      deleted += n;
      if (n < batch) return true;
      if (Date.now() >= stopAt) return false;
    }
  };
  // Not deleted, though old: a conversation with a delivery still to make (PENDING or HELD:
  // its message is not lost by a setting), and either end of a live handover (the BOT
  // conversation that gave the flag to a CCSP, and that CCSP conversation).
  const complete =
    (await drain(
      () => db.$executeRaw`
        DELETE FROM "Conversation" WHERE "id" IN (
          SELECT c."id" FROM "Conversation" c
          WHERE c."tenantId" = ${tenantId} AND c."lastActivityAt" < ${cutoff}
            AND c."activeCcspConversationId" IS NULL
            AND NOT EXISTS (SELECT 1 FROM "Conversation" p WHERE p."activeCcspConversationId" = c."id")
            AND NOT EXISTS (SELECT 1 FROM "Delivery" d WHERE d."conversationId" = c."id" AND d."state" IN ('PENDING', 'HELD'))
          ORDER BY c."lastActivityAt", c."id"
          LIMIT ${batch}
          FOR UPDATE OF c SKIP LOCKED)`,
    )) &&
    (await drain(
      () => db.$executeRaw`
        DELETE FROM "Message" WHERE "id" IN (
          SELECT m."id" FROM "Message" m
          WHERE m."tenantId" = ${tenantId} AND m."conversationId" IS NULL AND m."createdAt" < ${cutoff}
            AND NOT EXISTS (SELECT 1 FROM "Delivery" d WHERE d."messageId" = m."id" AND d."state" IN ('PENDING', 'HELD'))
          ORDER BY m."createdAt", m."id"
          LIMIT ${batch}
          FOR UPDATE OF m SKIP LOCKED)`,
    ));
  return { tenantId, deleted, complete };
}

/**
 * The runners' job: applies the retention of every tenant whose run is due (an hour after its
 * last, or at once after a change), each claimed so two processes never run one tenant at
 * once. A run cut off by its budget is due again at once; a failed one is recorded and retried
 * at the next hour.
 */
export async function applyDueRetention(db: Db, now = new Date(), options: { budgetMs?: number } = {}): Promise<RetentionRun[]> {
  const runs: RetentionRun[] = [];
  const stopAt = Date.now() + (options.budgetMs ?? RUN_BUDGET_MS);
  while (Date.now() < stopAt) {
    const [due] = await db.$queryRaw<{ id: string; retentionDays: number }[]>`
      UPDATE "Tenant" SET "retentionClaimedUntil" = ${new Date(now.getTime() + CLAIM_MS)}
      WHERE "id" = (
        SELECT t."id" FROM "Tenant" t
        WHERE t."retentionDays" IS NOT NULL
          AND (t."retentionLastRunAt" IS NULL OR t."retentionLastRunAt" < ${new Date(now.getTime() - RUN_EVERY_MS)})
          AND (t."retentionClaimedUntil" IS NULL OR t."retentionClaimedUntil" < ${now})
        ORDER BY t."retentionLastRunAt" NULLS FIRST
        LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING "id", "retentionDays"`;
    if (!due) break;
    try {
      const run = await applyRetention(db, due.id, due.retentionDays, { now, budgetMs: Math.max(0, stopAt - Date.now()) });
      runs.push(run);
      // A complete run is done for the hour; a cut-off one stays due and the next goes on,
      // adding to the count, so the settings page says what the whole run deleted.
      await db.$executeRaw`
        UPDATE "Tenant" SET
          "retentionClaimedUntil" = NULL,
          "retentionLastError" = NULL,
          "retentionLastDeleted" = CASE WHEN "retentionContinuing" THEN COALESCE("retentionLastDeleted", 0) ELSE 0 END + ${run.deleted},
          "retentionContinuing" = ${!run.complete},
          "retentionLastRunAt" = CASE WHEN ${run.complete} THEN ${now} ELSE "retentionLastRunAt" END
        WHERE "id" = ${due.id}`;
      if (!run.complete) break;
    } catch (error) {
      await db.tenant.update({
        where: { id: due.id },
        data: {
          retentionClaimedUntil: null,
          retentionLastRunAt: now,
          retentionContinuing: false,
          retentionLastError: (error instanceof Error ? error.message : String(error)).slice(0, 500),
        },
      });
    }
  }
  return runs;
}
