/**
 * Before a rule is deleted, the conversations it opened stop naming it, a few thousand rows per
 * statement, each statement its own transaction: the delete's ON DELETE SET NULL (migration
 * 20261222000000_schema_hygiene) then finds next to nothing, so it neither holds the rule's live
 * conversations locked (their next message waits on the row) nor outlasts its transaction's time
 * limit, however many conversations the rule has opened. The conversations and their messages
 * are untouched; a conversation without its rule behaves as one whose rule is gone: no rule's
 * handover text, no automatic handover when its bot becomes unavailable.
 */
import type { Db } from "@/server/db/client";

const BATCH = 5_000;

export async function detachConversationsFromRule(db: Db, tenantId: string, ruleId: string): Promise<number> {
  let detached = 0;
  for (;;) {
    const count = await db.$executeRaw`
      UPDATE "Conversation" SET "ruleId" = NULL
      WHERE "id" IN (SELECT "id" FROM "Conversation" WHERE "ruleId" = ${ruleId} AND "tenantId" = ${tenantId} LIMIT ${BATCH})`;
    detached += count;
    if (count < BATCH) return detached;
  }
}
