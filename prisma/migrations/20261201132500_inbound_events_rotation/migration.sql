-- Secret rotation with a grace period, and signed inbound events (optional per integration).
ALTER TABLE "Integration" ADD COLUMN "previousInboundSecretHash" TEXT,
ADD COLUMN "previousInboundSecretExpiresAt" TIMESTAMP(3),
ADD COLUMN "previousSigningSecretEncrypted" TEXT,
ADD COLUMN "previousSigningSecretExpiresAt" TIMESTAMP(3),
ADD COLUMN "requireSignedEvents" BOOLEAN NOT NULL DEFAULT false;

-- Idempotency keys of inbound events, kept 24 h (the sweep deletes older ones).
CREATE TABLE "InboundEventKey" (
    "integrationId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "response" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InboundEventKey_pkey" PRIMARY KEY ("integrationId","key")
);

CREATE INDEX "InboundEventKey_createdAt_idx" ON "InboundEventKey"("createdAt");

ALTER TABLE "InboundEventKey" ADD CONSTRAINT "InboundEventKey_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;
