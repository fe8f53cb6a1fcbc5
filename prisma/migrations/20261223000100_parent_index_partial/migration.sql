-- Hand-written (Prisma cannot express a partial index): only handover children have a parent, and
-- every message rewrites its conversation's row (a new entry in each index the row is in), so the
-- index that finds a deleted conversation's children holds only the rows that name one. A lookup
-- by parentId = $1 implies parentId IS NOT NULL, so the foreign key's SET NULL still uses it.
DROP INDEX "Conversation_parentId_idx";
CREATE INDEX "Conversation_parentId_idx" ON "Conversation"("parentId") WHERE "parentId" IS NOT NULL;
