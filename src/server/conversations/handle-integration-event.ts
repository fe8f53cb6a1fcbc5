/**
 * Events a bot or a CCSP sends to its generated webhook: messages for the customer,
 * handover and close (docs/protocol.md, "Conversations and routing"). Each runs in one transaction holding the
 * conversation's row lock, so handovers, closes and replies never interleave; the transaction
 * also sends the live events of what it wrote.
 */
import type { Prisma } from "@/generated/prisma/client";
import { pool, type Db } from "@/server/db/client";
import { badRequest, conflict, notFound } from "@/server/errors";
import { enqueueDeliveries, type PlannedDelivery } from "@/server/delivery/outbox";
import type { LiveEvent } from "@/server/live/events";
import { announce } from "@/server/live/publish";
import { sendApiBody } from "@/server/messenger/send-api";
import { customerMessagePayload } from "./wire/channel-callback-payload";
import { replyInBotConversation } from "./fast-reply";
import { lockConversation, type LockedConversation } from "./conversation-store";
import { handoverOf, openHandover } from "./handover";
import { newMessageId } from "./ids";
import { eventAnswer, rememberAnswer, type OnceKey } from "./inbound-idempotency";
import { receiverFor } from "./receivers";
import type { InboundEvent } from "./wire/inbound-events";
import { keepOwnProtoKeys, MESSAGE_PARAMS } from "@/server/db/own-proto-keys";
import type { Tx } from "@/server/db/tx";
import { agentMessagePayload, conversationEventPayload, type ConversationRef } from "./wire/outbound-payloads";

export interface SendingIntegration {
  id: string;
  tenantId: string;
  kind: "BOT" | "CCSP";
  /** The built-in desk: the signed-in agent acting for the CCSP, recorded on what they write. */
  agentId?: string;
}

export interface EventOutcome {
  conversationId: string;
  messageId: string;
  /** BOT 1002: the new CCSP conversation. */
  ccspConversationId?: string;
  deliveryIds: string[];
}

/** With `once`, the answer is stored with the event's writes (inbound-idempotency.ts). */
export async function handleIntegrationEvent(db: Db, sender: SendingIntegration, event: InboundEvent, once?: OnceKey): Promise<EventOutcome> {
  // A bot's answer to a web chat customer, the most common event by far, is one statement.
  if (sender.kind === "BOT" && event.kind === "MESSAGE") {
    const messageId = await replyInBotConversation(pool(), {
      tenantId: sender.tenantId,
      botIntegrationId: sender.id,
      conversationId: event.conversationId,
      text: event.message,
      messageType: event.messageType,
      customParams: event.customParams,
      once,
    });
    if (messageId) return { conversationId: event.conversationId, messageId, deliveryIds: [] };
  }
  return db.$transaction(async (tx) => {
    const conversation = await lockConversation(tx, event.conversationId);
    // Another tenant's or another integration's conversation is as unknown as a missing one.
    if (
      !conversation ||
      conversation.tenantId !== sender.tenantId ||
      conversation.integrationId !== sender.id ||
      conversation.kind !== sender.kind
    ) {
      throw notFound(`Conversation ${event.conversationId}`);
    }
    if (conversation.status === "CLOSED") {
      throw conflict(`Conversation ${event.conversationId} is closed: the customer's next message opens a new one`, "conversation_id");
    }
    const scene = { ...(await loadScene(tx, conversation)), agentId: sender.agentId ?? null };
    const outcome = sender.kind === "BOT" ? await botEvent(tx, scene, event) : await ccspEvent(tx, scene, event);
    if (once) await rememberAnswer(tx, sender, once, eventAnswer(outcome));
    await announce(tx, ...liveEventsOf(conversation, event, outcome));
    return outcome;
  });
}

/**
 * What open streams hear: the message (every event writes one the chat lists), and for a close,
 * the conversation's change. A handover announces itself (openHandover).
 */
function liveEventsOf(conversation: LockedConversation, event: InboundEvent, outcome: EventOutcome): LiveEvent[] {
  if (event.kind === "HANDOVER") return [];
  const conversationIds = [conversation.id, conversation.parentId].filter((id): id is string => Boolean(id));
  const message: LiveEvent = {
    type: "message",
    tenantId: conversation.tenantId,
    channelAssetId: conversation.channelAssetId,
    channelUserId: conversation.channelUserId,
    conversationIds,
    messageId: outcome.messageId,
  };
  if (event.kind === "MESSAGE") return [message];
  return [message, { type: "change", tenantId: conversation.tenantId, what: "conversation", conversationIds }];
}

interface Scene {
  conversation: LockedConversation;
  channel: { label: string; type: string; callbackUrl: string | null };
  integrations: Map<string, { id: string; kind: "BOT" | "CCSP"; platform: "IMI_BOT" | "OTHERS" | "WEBHOOK" | "BUILT_IN"; status: "UNVERIFIED" | "ACTIVE" | "INACTIVE" }>;
  at: Date;
  agentId: string | null;
}

async function loadScene(tx: Tx, conversation: LockedConversation): Promise<Omit<Scene, "agentId">> {
  const ids = [conversation.integrationId, conversation.ccspIntegrationId].filter((id): id is string => Boolean(id));
  // One after the other: a transaction is one connection, which runs one statement at a time anyway
  // (and node-postgres deprecates overlapping queries on a client).
  const asset = await tx.channelAsset.findUniqueOrThrow({ where: { id: conversation.channelAssetId }, select: { channelLabel: true, type: true, callbackUrl: true } });
  // A deleted integration is no receiver: nothing is sent to it (integrations/delete.ts).
  const integrations = await tx.integration.findMany({ where: { id: { in: ids }, deletedAt: null }, select: { id: true, kind: true, platform: true, status: true } });
  const parent = conversation.parentId ? await tx.conversation.findUnique({ where: { id: conversation.parentId }, select: { integrationId: true } }) : null;
  const map = new Map(integrations.map((i) => [i.id, i]));
  if (parent && !map.has(parent.integrationId)) {
    const bot = await tx.integration.findUnique({ where: { id: parent.integrationId, deletedAt: null }, select: { id: true, kind: true, platform: true, status: true } });
    if (bot) map.set(bot.id, bot);
  }
  return { conversation, channel: { label: asset.channelLabel, type: asset.type, callbackUrl: asset.callbackUrl }, integrations: map, at: new Date() };
}

async function botEvent(tx: Tx, scene: Scene, event: InboundEvent): Promise<EventOutcome> {
  const { conversation } = scene;
  if (conversation.activeCcspConversationId) {
    throw conflict(
      `Conversation ${conversation.id} is with a CCSP agent since the handover: the bot must not ${event.kind === "MESSAGE" ? "answer" : "act"} until the agent closes it`,
      "conversation_id",
    );
  }
  switch (event.kind) {
    case "MESSAGE":
      return messageToCustomer(tx, scene, "BOT", event);
    case "HANDOVER":
      return handover(tx, scene, event);
    case "CLOSE": {
      await tx.conversation.update({ where: { id: conversation.id }, data: { status: "CLOSED", closedAt: scene.at, lastActivityAt: scene.at } });
      const messageId = await recordEvent(tx, scene, conversation.id, "BOT", "CLOSE", event.customParams);
      return { conversationId: conversation.id, messageId, deliveryIds: [] };
    }
  }
}

async function ccspEvent(tx: Tx, scene: Scene, event: InboundEvent): Promise<EventOutcome> {
  const { conversation } = scene;
  switch (event.kind) {
    case "MESSAGE":
      return messageToCustomer(tx, scene, "AGENT", event);
    case "HANDOVER":
      throw badRequest("A CCSP sends 1001 (agent message) or 1003 (close); 1002 (handover) is for bots", "eventid");
    case "CLOSE": {
      await tx.conversation.update({ where: { id: conversation.id }, data: { status: "CLOSED", closedAt: scene.at, lastActivityAt: scene.at } });
      const planned: PlannedDelivery[] = [];
      if (conversation.parentId) {
        // The flag returns to the bot: same BOT conversation ID from now on.
        const copy = await copyToBot(tx, scene, conversation.parentId, { activeCcspConversationId: null }, (ref) =>
          conversationEventPayload(ref, "Conversation closed", { CCSPConversationid: conversation.id }),
        );
        if (copy) planned.push(copy);
      }
      const messageId = await recordEvent(tx, scene, conversation.id, "AGENT", "CLOSE", event.customParams);
      const deliveryIds = await enqueueDeliveries(tx, conversation.tenantId, messageId, planned);
      return { conversationId: conversation.id, messageId, deliveryIds };
    }
  }
}

async function messageToCustomer(
  tx: Tx,
  scene: Scene,
  sender: "BOT" | "AGENT",
  event: Extract<InboundEvent, { kind: "MESSAGE" }>,
): Promise<EventOutcome> {
  const { conversation, at } = scene;
  const messageId = newMessageId();
  // Messenger: the Send API request, checked before anything is written (a bad quick reply is a 400).
  const sendApi =
    scene.channel.type === "MESSENGER"
      ? sendApiBody({ messageId, psid: conversation.channelUserId, text: event.message, messageType: event.messageType, customParams: event.customParams })
      : null;
  await tx.message.create({
    data: {
      id: messageId,
      tenantId: conversation.tenantId,
      conversationId: conversation.id,
      channelAssetId: conversation.channelAssetId,
      channelUserId: conversation.channelUserId,
      sender,
      kind: "MESSAGE",
      text: event.message,
      messageType: event.messageType,
      customParams: event.customParams,
      agentId: scene.agentId,
      createdAt: at,
    },
  });
  await keepOwnProtoKeys(tx, MESSAGE_PARAMS, [{ id: messageId, value: event.customParams }]);
  const planned: PlannedDelivery[] = [];
  // The hosted web chat reads its messages live; an HTTP channel gets them on its callback URL.
  if (scene.channel.type === "HTTP" && scene.channel.callbackUrl) {
    planned.push({
      receiver: { channelAssetId: conversation.channelAssetId },
      conversationId: conversation.id,
      payload: customerMessagePayload({
        id: messageId,
        conversationId: conversation.id,
        channelUserId: conversation.channelUserId,
        sender,
        text: event.message,
        messageType: event.messageType,
        customParams: event.customParams,
        at,
      }),
    });
  }
  if (sendApi) planned.push({ receiver: { channelAssetId: conversation.channelAssetId }, conversationId: conversation.id, payload: sendApi });
  if (sender === "AGENT" && conversation.parentId) {
    // Every agent message is copied to the bot so that it can collate the conversation.
    const copy = await copyToBot(tx, scene, conversation.parentId, {}, (ref) =>
      agentMessagePayload(ref, { id: messageId, text: event.message, type: event.messageType }),
    );
    if (copy) planned.push(copy);
  }
  await tx.conversation.update({ where: { id: conversation.id }, data: { lastActivityAt: at } });
  const deliveryIds = await enqueueDeliveries(tx, conversation.tenantId, messageId, planned);
  return { conversationId: conversation.id, messageId, deliveryIds };
}

/**
 * What a CCSP conversation's bot hears about it: a copy in the parent BOT conversation, marked
 * ConversationType CCSP. Also touches the parent (and applies `change` to it).
 */
async function copyToBot(
  tx: Tx,
  scene: Scene,
  parentId: string,
  change: { activeCcspConversationId?: null },
  payload: (ref: ConversationRef) => Record<string, unknown>,
): Promise<PlannedDelivery | null> {
  const parent = await tx.conversation.update({
    where: { id: parentId },
    data: { ...change, lastActivityAt: scene.at },
    select: { id: true, integrationId: true },
  });
  const receiver = receiverFor(scene, parent.integrationId);
  if (!receiver) return null;
  const ref = { conversationId: parent.id, conversationType: "CCSP" as const, channel: scene.channel.label, at: scene.at };
  return { receiver, conversationId: parent.id, payload: payload(ref) };
}

async function handover(tx: Tx, scene: Scene, event: InboundEvent): Promise<EventOutcome> {
  const { conversation, at } = scene;
  if (!conversation.ccspIntegrationId) {
    throw conflict(
      `Conversation ${conversation.id} cannot be handed over: its rule forwards to the BOT only (use "Forward the message to be handled by BOT + CCSP")`,
      "eventid",
    );
  }
  const reason = typeof event.customParams.reason === "string" ? event.customParams.reason : null;
  const opened = await openHandover(
    tx,
    handoverOf(
      { ...conversation, ccspIntegrationId: conversation.ccspIntegrationId },
      { channelLabel: scene.channel.label, reason, customParams: event.customParams, raisedBy: "BOT", at },
    ),
  );

  const planned: PlannedDelivery[] = [];
  const ccspReceiver = receiverFor(scene, conversation.ccspIntegrationId);
  if (ccspReceiver) planned.push({ receiver: ccspReceiver, ...opened.ccspNotice });
  const botReceiver = receiverFor(scene, conversation.integrationId);
  if (botReceiver) {
    planned.push({
      receiver: botReceiver,
      conversationId: conversation.id,
      payload: conversationEventPayload(
        { conversationId: conversation.id, conversationType: "CCSP", channel: scene.channel.label, at },
        "Handover accepted",
        { CCSPConversationid: opened.ccspConversationId },
      ),
    });
  }
  const deliveryIds = await enqueueDeliveries(tx, conversation.tenantId, opened.handoverMessageId, planned);
  return { conversationId: conversation.id, messageId: opened.handoverMessageId, ccspConversationId: opened.ccspConversationId, deliveryIds };
}

async function recordEvent(
  tx: Tx,
  scene: Scene,
  conversationId: string,
  sender: "BOT" | "AGENT",
  kind: "HANDOVER" | "CLOSE",
  customParams: Record<string, unknown>,
): Promise<string> {
  const id = newMessageId();
  await tx.message.create({
    data: {
      id,
      tenantId: scene.conversation.tenantId,
      conversationId,
      channelAssetId: scene.conversation.channelAssetId,
      channelUserId: scene.conversation.channelUserId,
      sender,
      kind,
      customParams: customParams as Prisma.InputJsonObject,
      agentId: scene.agentId,
      createdAt: scene.at,
    },
  });
  await keepOwnProtoKeys(tx, MESSAGE_PARAMS, [{ id, value: customParams }]);
  return id;
}
