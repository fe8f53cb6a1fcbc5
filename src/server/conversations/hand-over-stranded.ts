/**
 * No customer left waiting for a dead bot (docs/delivery.md). With a BOT + CCSP rule
 * that hands over while the bot is unavailable, a BOT conversation whose customer messages the
 * bot has not received (PENDING, HELD or FAILED deliveries) is handed over to the CCSP with the
 * reason "bot unavailable": when the bot is made INACTIVE, or, if the rule says so, as soon as
 * one of them fails its first attempt. Those messages reach the CCSP in their order; the bot's
 * own deliveries of them become copies marked CCSP, which it still gets once it is released.
 */
import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db/client";
import { enqueueDeliveries, type PlannedDelivery } from "@/server/delivery/outbox";
import { lockConversation } from "./conversation-store";
import type { Tx } from "@/server/db/tx";
import { BOT_UNAVAILABLE, handoverOf, openHandover } from "./handover";

/** Open BOT conversations of this bot that a deactivation strands; returns the deliveries to attempt now. */
export async function handOverStrandedConversations(db: Db, botIntegrationId: string): Promise<string[]> {
  const stranded = await db.$queryRaw<{ id: string }[]>`
    SELECT c."id" FROM "Conversation" c JOIN "Rule" r ON r."id" = c."ruleId"
    WHERE c."integrationId" = ${botIntegrationId} AND c."kind" = 'BOT' AND c."status" = 'OPEN'
      AND c."activeCcspConversationId" IS NULL AND c."ccspIntegrationId" IS NOT NULL
      AND r."actionType" = 'BOT_CCSP' AND r."handoverWhenBotUnavailable"
      AND EXISTS (SELECT 1 FROM "Delivery" d JOIN "Message" m ON m."id" = d."messageId"
                  WHERE d."conversationId" = c."id" AND d."integrationId" = c."integrationId" AND m."sender" = 'CUSTOMER'
                    AND d."state" IN ('PENDING', 'HELD', 'FAILED'))
    ORDER BY c."lastActivityAt"`;
  const deliveryIds: string[] = [];
  for (const { id } of stranded) deliveryIds.push(...(await db.$transaction((tx) => handOver(tx, id))));
  return deliveryIds;
}

/** The rule's second choice: hand over once a customer message's first attempt to the bot failed. */
export async function handOverAfterFailedFirstAttempt(db: Db, deliveryId: string): Promise<string[]> {
  const [candidate] = await db.$queryRaw<{ id: string }[]>`
    SELECT c."id" FROM "Delivery" d
    JOIN "Message" m ON m."id" = d."messageId" AND m."sender" = 'CUSTOMER'
    JOIN "Conversation" c ON c."id" = d."conversationId" AND c."kind" = 'BOT' AND c."integrationId" = d."integrationId"
    JOIN "Rule" r ON r."id" = c."ruleId"
    WHERE d."id" = ${deliveryId} AND d."state" <> 'DELIVERED' AND c."status" = 'OPEN' AND c."activeCcspConversationId" IS NULL
      AND c."ccspIntegrationId" IS NOT NULL AND r."actionType" = 'BOT_CCSP' AND r."handoverOnFirstFailure"`;
  return candidate ? db.$transaction((tx) => handOver(tx, candidate.id)) : [];
}

async function handOver(tx: Tx, conversationId: string): Promise<string[]> {
  const conversation = await lockConversation(tx, conversationId);
  if (!conversation || conversation.status !== "OPEN" || conversation.activeCcspConversationId || !conversation.ccspIntegrationId) return [];
  const ccsp = await tx.integration.findUnique({ where: { id: conversation.ccspIntegrationId, deletedAt: null }, select: { platform: true, status: true } });
  const asset = await tx.channelAsset.findUnique({ where: { id: conversation.channelAssetId }, select: { channelLabel: true } });
  if (!ccsp || !asset) return [];

  // The bot's undelivered customer messages, oldest first (their delivery order).
  const waiting = await tx.$queryRaw<{ deliveryId: string; messageId: string; payload: Prisma.JsonObject; state: string }[]>`
    SELECT d."id" AS "deliveryId", d."messageId", d."payload", d."state"::text AS "state"
    FROM "Delivery" d JOIN "Message" m ON m."id" = d."messageId"
    WHERE d."conversationId" = ${conversationId} AND d."integrationId" = ${conversation.integrationId}
      AND m."sender" = 'CUSTOMER' AND d."state" IN ('PENDING', 'HELD', 'FAILED')
    ORDER BY d."seq"`;
  if (waiting.length === 0) return [];

  const opened = await openHandover(
    tx,
    handoverOf(
      { ...conversation, ccspIntegrationId: conversation.ccspIntegrationId },
      { channelLabel: asset.channelLabel, reason: BOT_UNAVAILABLE, customParams: {}, raisedBy: "PLATFORM", at: new Date() },
    ),
  );
  // The built-in desk reads the conversation itself; any other CCSP gets deliveries.
  if (ccsp.platform === "BUILT_IN") {
    await markBotCopies(tx, waiting);
    return [];
  }
  const receiver = { integrationId: conversation.ccspIntegrationId, held: ccsp.status !== "ACTIVE" };
  const notice = await enqueueDeliveries(tx, conversation.tenantId, opened.handoverMessageId, [{ receiver, ...opened.ccspNotice }]);
  const forwarded: string[] = [];
  for (const message of waiting) {
    const planned: PlannedDelivery = {
      receiver,
      conversationId: opened.ccspConversationId,
      payload: { ...message.payload, Conversationid: opened.ccspConversationId, ConversationType: "CCSP" },
    };
    forwarded.push(...(await enqueueDeliveries(tx, conversation.tenantId, message.messageId, [planned])));
  }
  await markBotCopies(tx, waiting);
  return [...notice, ...forwarded];
}

/** The bot's own deliveries still to go become copies it must not answer. */
async function markBotCopies(tx: Tx, waiting: { deliveryId: string; state: string }[]): Promise<void> {
  const ids = waiting.filter((w) => w.state !== "FAILED").map((w) => w.deliveryId);
  if (ids.length === 0) return;
  await tx.$executeRaw`
    UPDATE "Delivery" SET "payload" = jsonb_set("payload", '{ConversationType}', '"CCSP"'), "updatedAt" = now()
    WHERE "id" = ANY(${ids}) AND "state" IN ('PENDING', 'HELD')`;
}
