/**
 * Handing a BOT conversation over to its CCSP: a new CCSP conversation with its own ID
 * holds the flag until the agent closes it. Raised by the bot (1002), or by the platform
 * itself when the bot is INACTIVE ("bot unavailable"); announced live in the same transaction.
 */
import type { PlannedDelivery } from "@/server/delivery/outbox";
import { announce } from "@/server/live/publish";
import type { LockedConversation } from "./conversation-store";
import { customerHandoverText } from "./handover-text";
import { newConversationId, newMessageId } from "./ids";
import { keepOwnProtoKeys, MESSAGE_PARAMS } from "@/server/db/own-proto-keys";
import type { Tx } from "@/server/db/tx";
import { conversationEventPayload } from "./wire/outbound-payloads";

export const BOT_UNAVAILABLE = "bot unavailable";

export interface HandoverRequest {
  tenantId: string;
  botConversationId: string;
  ccspIntegrationId: string;
  channelAssetId: string;
  channelUserId: string;
  /** The BOT conversation's (null once its service is deleted). */
  serviceId: string | null;
  channelLabel: string;
  reason: string | null;
  customParams: Record<string, string | number | boolean | null>;
  /** Who raised it: the bot, or the platform on the bot's behalf. */
  raisedBy: "BOT" | "PLATFORM";
  at: Date;
}

export interface HandoverResult {
  ccspConversationId: string;
  handoverMessageId: string;
  /** The Handover event for the CCSP (without its receiver: the caller knows how it is reached). */
  ccspNotice: Omit<PlannedDelivery, "receiver">;
}

/** The request for an open BOT conversation (locked by the caller) whose rule names its CCSP. */
export function handoverOf(
  conversation: Pick<LockedConversation, "id" | "tenantId" | "channelAssetId" | "channelUserId" | "serviceId"> & { ccspIntegrationId: string },
  how: Pick<HandoverRequest, "channelLabel" | "reason" | "customParams" | "raisedBy" | "at">,
): HandoverRequest {
  return {
    tenantId: conversation.tenantId,
    botConversationId: conversation.id,
    ccspIntegrationId: conversation.ccspIntegrationId,
    channelAssetId: conversation.channelAssetId,
    channelUserId: conversation.channelUserId,
    serviceId: conversation.serviceId,
    ...how,
  };
}

export async function openHandover(tx: Tx, request: HandoverRequest): Promise<HandoverResult> {
  const ccspConversationId = newConversationId();
  await tx.conversation.create({
    data: {
      id: ccspConversationId,
      tenantId: request.tenantId,
      kind: "CCSP",
      channelAssetId: request.channelAssetId,
      channelUserId: request.channelUserId,
      serviceId: request.serviceId,
      integrationId: request.ccspIntegrationId,
      parentId: request.botConversationId,
      handoverReason: request.reason,
      createdAt: request.at,
      lastActivityAt: request.at,
    },
  });
  const botConversation = await tx.conversation.update({
    where: { id: request.botConversationId },
    data: { activeCcspConversationId: ccspConversationId, handoverReason: request.reason, lastActivityAt: request.at },
    select: { ruleId: true },
  });
  // What the customer reads is the rule's text (kept with the event, so a later edit leaves
  // history alone); the reason stays for the team and the CCSP.
  const rule = botConversation.ruleId ? await tx.rule.findUnique({ where: { id: botConversation.ruleId }, select: { handoverText: true } }) : null;
  const handoverMessageId = newMessageId();
  const handoverParams = { ...request.customParams, raisedBy: request.raisedBy, ccspConversationId, customerText: customerHandoverText(rule?.handoverText) };
  await tx.message.create({
    data: {
      id: handoverMessageId,
      tenantId: request.tenantId,
      conversationId: request.botConversationId,
      channelAssetId: request.channelAssetId,
      channelUserId: request.channelUserId,
      sender: "BOT",
      kind: "HANDOVER",
      text: request.reason,
      customParams: handoverParams,
      createdAt: request.at,
    },
  });
  await keepOwnProtoKeys(tx, MESSAGE_PARAMS, [{ id: handoverMessageId, value: handoverParams }]);
  // The chat shows the handover; the desk's queue has a new conversation.
  const conversationIds = [request.botConversationId, ccspConversationId];
  await announce(
    tx,
    { type: "message", tenantId: request.tenantId, channelAssetId: request.channelAssetId, channelUserId: request.channelUserId, conversationIds, messageId: handoverMessageId },
    { type: "change", tenantId: request.tenantId, what: "conversation", conversationIds },
  );
  return {
    ccspConversationId,
    handoverMessageId,
    ccspNotice: {
      conversationId: ccspConversationId,
      payload: conversationEventPayload(
        { conversationId: ccspConversationId, conversationType: "CCSP", channel: request.channelLabel, at: request.at },
        "Handover",
        { BotConversationid: request.botConversationId, ...(request.reason ? { Reason: request.reason } : {}), ...request.customParams },
      ),
    },
  };
}
