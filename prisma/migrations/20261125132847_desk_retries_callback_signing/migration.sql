-- AlterTable
ALTER TABLE "ChannelAsset" ADD COLUMN     "signingSecretEncrypted" TEXT;

-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "acceptedAt" TIMESTAMP(3),
ADD COLUMN     "assignedAgentId" TEXT;

-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "lastAttemptAt" TIMESTAMP(3),
ADD COLUMN     "retryScheduledAt" TIMESTAMP(3);
