-- The inspector's conversation list, most recently active first, as index range scans: one
-- keyset page per filter that narrows by a column (tenant, integration, channel), the ID as
-- the tie-break of the cursor, and trigram search for "the channel user contains".
CREATE EXTENSION IF NOT EXISTS pg_trgm;

DROP INDEX IF EXISTS "Conversation_tenantId_lastActivityAt_idx";

CREATE INDEX "Conversation_tenantId_lastActivityAt_id_idx" ON "Conversation"("tenantId", "lastActivityAt", "id");

CREATE INDEX "Conversation_integrationId_lastActivityAt_id_idx" ON "Conversation"("integrationId", "lastActivityAt", "id");

CREATE INDEX "Conversation_channelAssetId_lastActivityAt_id_idx" ON "Conversation"("channelAssetId", "lastActivityAt", "id");

-- Hand-written (Prisma's schema cannot say gin_trgm_ops without a preview feature).
CREATE INDEX "Conversation_channelUserId_trgm_idx" ON "Conversation" USING gin ("channelUserId" gin_trgm_ops);
