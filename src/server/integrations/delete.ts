/**
 * "Delete" (ADMIN and up) keeps the history: the integration is marked deleted, removed from the
 * services it is mapped to, its open conversations are closed (a CCSP's hand the flag back to
 * their bot), and deliveries still waiting for it are FAILED, not HELD: HELD means "until it is
 * verified again", which can never happen, and FAILED shows support staff plainly that they were
 * never sent. Conversations, messages, deliveries and attempts stay for the inspector.
 * "Delete with history" (OWNER) removes the integration and all of that, once the caller has
 * confirmed the counts it is shown. Both are refused while a rule uses the integration.
 */
import type { Db } from "@/server/db/client";
import { conflict } from "@/server/errors";
import { DELETED_REASON } from "./deleted";
import { describeHistoryCounts } from "./schemas";
import { loadIntegration } from "./store";
import type { Actor } from "@/server/tenancy/actor";
import type { DbOrTx, Tx } from "@/server/db/tx";
import { isForeignKeyViolation } from "@/server/db/errors";
import { describeRules, integrationUsage } from "./usage";

export interface HistoryCounts {
  conversations: number;
  messages: number;
  deliveries: number;
}

export async function deleteIntegration(db: Db, actor: Actor, id: string): Promise<{ id: string; name: string }> {
  return refusedWhileUsed(() =>
    db.$transaction(async (tx) => {
      const row = await lockForDelete(tx, actor.tenantId, id);
      await tx.serviceIntegration.deleteMany({ where: { integrationId: id } });
      await tx.integration.update({ where: { id: row.id }, data: { deletedAt: new Date() } });
      await tx.$executeRaw`
        UPDATE "Delivery" SET "state" = 'FAILED', "nextAttemptAt" = NULL, "lastError" = ${DELETED_REASON}, "updatedAt" = now()
        WHERE "integrationId" = ${row.id} AND "state" IN ('PENDING', 'HELD')`;
      const closed = await tx.$queryRaw<{ id: string }[]>`
        UPDATE "Conversation" SET "status" = 'CLOSED', "closedAt" = now()
        WHERE "integrationId" = ${row.id} AND "tenantId" = ${actor.tenantId} AND "status" = 'OPEN'
        RETURNING "id"`;
      await handFlagsBack(tx, closed.map((c) => c.id));
      return { id: row.id, name: row.name };
    }),
  );
}

/** What "Delete with history" removes: the integration's conversations, their messages, and every delivery to it or about them. */
export async function historyCounts(db: DbOrTx, actor: Actor, id: string): Promise<HistoryCounts> {
  const row = await loadIntegration(db, actor.tenantId, id);
  const [counts] = await db.$queryRaw<{ conversations: bigint; messages: bigint; deliveries: bigint }[]>`
    WITH conv AS (SELECT "id" FROM "Conversation" WHERE "integrationId" = ${row.id} AND "tenantId" = ${actor.tenantId})
    SELECT (SELECT count(*) FROM conv) AS "conversations",
           (SELECT count(*) FROM "Message" m WHERE m."conversationId" IN (SELECT "id" FROM conv)) AS "messages",
           (SELECT count(*) FROM "Delivery" d WHERE d."tenantId" = ${actor.tenantId}
              AND (d."integrationId" = ${row.id} OR d."conversationId" IN (SELECT "id" FROM conv)
                   OR d."messageId" IN (SELECT m."id" FROM "Message" m WHERE m."conversationId" IN (SELECT "id" FROM conv)))) AS "deliveries"`;
  return { conversations: Number(counts?.conversations ?? 0), messages: Number(counts?.messages ?? 0), deliveries: Number(counts?.deliveries ?? 0) };
}

/** OWNER only (the router says so). `confirmed` must be the counts the owner was shown: if more arrived since, they confirm again. */
export async function deleteIntegrationWithHistory(db: Db, actor: Actor, id: string, confirmed: HistoryCounts): Promise<{ id: string; name: string; removed: HistoryCounts }> {
  return refusedWhileUsed(() =>
    db.$transaction(async (tx) => {
      const row = await lockForDelete(tx, actor.tenantId, id);
      const removed = await historyCounts(tx, actor, id);
      if (removed.conversations !== confirmed.conversations || removed.messages !== confirmed.messages || removed.deliveries !== confirmed.deliveries) {
        throw conflict(
          `The history changed since you confirmed: it now has ${describeHistoryCounts(removed)}. Confirm again to delete it`,
          "confirm",
        );
      }
      const conversations = await tx.conversation.findMany({ where: { integrationId: row.id, tenantId: actor.tenantId }, select: { id: true } });
      await handFlagsBack(tx, conversations.map((c) => c.id));
      await tx.serviceIntegration.deleteMany({ where: { integrationId: id } });
      // The foreign keys (ON DELETE CASCADE) remove the rest: its conversations, their messages, the
      // deliveries to it, about them or carrying those messages, their attempts, its events.
      await tx.integration.delete({ where: { id: row.id } });
      return { id: row.id, name: row.name, removed };
    }, { timeout: 30_000 }),
  );
}

/** The integration, locked against a concurrent edit, Verify or delete; refused while rules use it. */
async function lockForDelete(tx: Tx, tenantId: string, id: string) {
  const row = await loadIntegration(tx, tenantId, id);
  await tx.$executeRaw`SELECT 1 FROM "Integration" WHERE "id" = ${row.id} FOR UPDATE`;
  const usage = await integrationUsage(tx, tenantId, id);
  if (usage.rules.length > 0) throw usedByRules(describeRules(usage.rules));
  return row;
}

/** BOT conversations whose flag a closed (or removed) CCSP conversation held take it back. */
async function handFlagsBack(tx: Tx, conversationIds: string[]) {
  if (conversationIds.length === 0) return;
  await tx.conversation.updateMany({ where: { activeCcspConversationId: { in: conversationIds } }, data: { activeCcspConversationId: null } });
}

async function refusedWhileUsed<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    // A rule or mapping added meanwhile: the foreign keys (ON DELETE RESTRICT) refuse the delete.
    if (isForeignKeyViolation(error)) throw usedByRules("a rule");
    throw error;
  }
}

function usedByRules(what: string) {
  return conflict(`This integration is used by ${what}: remove it from the rules that use it, then delete it`);
}
