-- AlterTable
ALTER TABLE "Integration" ADD COLUMN     "deactivationReason" TEXT;

-- AlterTable
ALTER TABLE "Rule" ADD COLUMN     "handoverOnFirstFailure" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "scheduleAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "scheduleStartedAt" TIMESTAMP(3);


-- Existing deliveries: their schedule is the one their first attempt started.
UPDATE "Delivery" SET "scheduleStartedAt" = "firstAttemptAt", "scheduleAttempts" = "attempts" WHERE "attempts" > 0;

-- Hand-written (Prisma cannot express a partial index): the runners' look for due deliveries
-- reads PENDING rows only, in creation order, however many finished ones the table holds.
CREATE INDEX "Delivery_pending_seq_idx" ON "Delivery" ("seq") WHERE "state" = 'PENDING';
