-- AlterTable
ALTER TABLE "Integration" ADD COLUMN     "deletedAt" TIMESTAMP(3);

-- Hand-written (Prisma cannot express a partial index): deleting an integration keeps its row
-- (and the history that refers to it), so its name is taken only among integrations not deleted.
DROP INDEX "Integration_tenantId_name_key";

CREATE UNIQUE INDEX "Integration_tenantId_name_live_key" ON "Integration"("tenantId", "name") WHERE "deletedAt" IS NULL;
