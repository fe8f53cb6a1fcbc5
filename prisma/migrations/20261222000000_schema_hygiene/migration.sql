-- Schema hygiene (issue 18, item 6): the database itself refuses what the code never writes.

-- Message.kind becomes an enum holding every kind the code writes. MESSAGE, POSTBACK and UNROUTED
-- are customer messages (routed or not), RECEIPT a channel's receipt, HANDOVER and CLOSE
-- conversation events, AGENT_JOINED the desk's accept, ECHO a Messenger Page's own message written
-- outside Switchboard, BENCH the benchmark floor's row (only with BENCH_FLOOR=1).
CREATE TYPE "MessageKind" AS ENUM ('MESSAGE', 'POSTBACK', 'UNROUTED', 'RECEIPT', 'HANDOVER', 'CLOSE', 'AGENT_JOINED', 'ECHO', 'BENCH');

-- Hand-written: existing rows are converted. A kind outside the list fails the migration loudly
-- (invalid input value for enum) instead of being guessed at.
ALTER TABLE "Message" ALTER COLUMN "kind" TYPE "MessageKind" USING ("kind"::"MessageKind");

-- A deleted service keeps its conversations (their service reads as none, as it did before).
ALTER TABLE "Conversation" ALTER COLUMN "serviceId" DROP NOT NULL;

-- Hand-written: references to rows deleted before these foreign keys existed become null, so the
-- constraints below apply to any existing database.
UPDATE "Conversation" c SET "serviceId" = NULL
  WHERE c."serviceId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Service" s WHERE s."id" = c."serviceId");
UPDATE "Conversation" c SET "ruleId" = NULL
  WHERE c."ruleId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Rule" r WHERE r."id" = c."ruleId");
UPDATE "Conversation" c SET "ccspIntegrationId" = NULL
  WHERE c."ccspIntegrationId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Integration" i WHERE i."id" = c."ccspIntegrationId");
UPDATE "Conversation" c SET "assignedAgentId" = NULL
  WHERE c."assignedAgentId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = c."assignedAgentId");

-- Deleting a service, a rule, an integration (with history) or a user sets these columns to null
-- in the conversations that name it: each delete finds them on an index instead of reading the
-- whole table.
CREATE INDEX "Conversation_serviceId_idx" ON "Conversation"("serviceId");
CREATE INDEX "Conversation_ruleId_idx" ON "Conversation"("ruleId");

-- Hand-written (Prisma cannot express a partial index): most conversations have no CCSP and no
-- agent, and every message moves its conversation's lastActivityAt (a new entry in each index the
-- row is in), so these index only the rows that name one.
CREATE INDEX "Conversation_ccspIntegrationId_idx" ON "Conversation"("ccspIntegrationId") WHERE "ccspIntegrationId" IS NOT NULL;
CREATE INDEX "Conversation_assignedAgentId_idx" ON "Conversation"("assignedAgentId") WHERE "assignedAgentId" IS NOT NULL;

ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "Rule"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_ccspIntegrationId_fkey" FOREIGN KEY ("ccspIntegrationId") REFERENCES "Integration"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_assignedAgentId_fkey" FOREIGN KEY ("assignedAgentId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written (Prisma has no CHECK constraints): a delivery has exactly one receiver, a bot or
-- CCSP integration, an HTTP or Messenger channel, or an operational webhook endpoint.
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_one_receiver_check"
  CHECK (num_nonnulls("integrationId", "channelAssetId", "webhookEndpointId") = 1);
