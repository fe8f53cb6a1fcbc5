-- AlterTable
ALTER TABLE "DeliveryAttempt" ADD COLUMN     "integrationId" TEXT;

-- Hand-written: attempts made before this migration get their delivery's integration.
UPDATE "DeliveryAttempt" a SET "integrationId" = d."integrationId" FROM "Delivery" d WHERE d."id" = a."deliveryId";

-- CreateIndex
CREATE INDEX "DeliveryAttempt_integrationId_startedAt_idx" ON "DeliveryAttempt"("integrationId", "startedAt");
