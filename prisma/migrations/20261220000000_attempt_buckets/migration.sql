-- An integration's attempts rolled up per five minutes (docs/health.md): the health charts and
-- the list's sparklines read at most a week of these rows, however many attempts there were.
-- Rewritten by the runners' minute job from the attempts themselves, so a bucket is exact.
CREATE TABLE "AttemptBucket" (
    "integrationId" TEXT NOT NULL,
    "bucketStart" TIMESTAMP(3) NOT NULL,
    "succeeded" INTEGER NOT NULL,
    "refused" INTEGER NOT NULL,
    "noAnswer" INTEGER NOT NULL,
    "latency" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AttemptBucket_pkey" PRIMARY KEY ("integrationId", "bucketStart")
);

ALTER TABLE "AttemptBucket" ADD CONSTRAINT "AttemptBucket_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;
