-- Per-tenant retention (docs/retention.md): null keeps everything. The runners claim a tenant's
-- run through retentionClaimedUntil and record what the last run did.
ALTER TABLE "Tenant" ADD COLUMN "retentionDays" INTEGER,
ADD COLUMN "retentionClaimedUntil" TIMESTAMP(3),
ADD COLUMN "retentionLastRunAt" TIMESTAMP(3),
ADD COLUMN "retentionLastDeleted" INTEGER,
ADD COLUMN "retentionContinuing" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "retentionLastError" TEXT;

-- Finds the tenants whose run is due without reading every tenant.
CREATE INDEX "Tenant_retention_due_idx" ON "Tenant"("retentionLastRunAt") WHERE "retentionDays" IS NOT NULL;

-- Deleting a conversation sets its handover children's parentId to null: without this index
-- each deleted conversation would read the whole table to find them.
CREATE INDEX "Conversation_parentId_idx" ON "Conversation"("parentId");
