/**
 * A customer's message (or postback) on a channel asset: routed by the service's rules,
 * stored in its conversation with the deliveries that carry it and its live event, in one
 * transaction, before the caller is answered.
 */
import { pool, type Db } from "@/server/db/client";
import { isForeignKeyViolation, isUniqueViolation } from "@/server/db/errors";
import { enqueueDeliveries, type PlannedDelivery } from "@/server/delivery/outbox";
import { hintReceiver } from "@/server/delivery/receiver-hints";
import type { LiveEvent } from "@/server/live/events";
import { announce } from "@/server/live/publish";
import { routeMessage } from "@/server/routing/route-message";
import type { RuleAction } from "@/server/routing/types";
import { upsertOpenConversation, type ConversationHead } from "./conversation-store";
import { BOT_UNAVAILABLE, openHandover } from "./handover";
import { acceptIntoBotConversation } from "./fast-accept";
import { newMessageId } from "./ids";
import { StaleRoutingContext, type RoutingContext } from "./routing-context";
import { incomingMessagePayload, postbackPayload, type ConversationType } from "./wire/outbound-payloads";
import type { Tx } from "@/server/db/tx";
import { receiverFor } from "./receivers";

export interface CustomerMessage {
  userId: string;
  channelMessageId?: string;
  text?: string;
  messageType: string;
  postbackPayload?: string;
}

export interface AcceptedMessage {
  /** Null when no rule matched: the message is kept as unrouted for support staff. */
  conversationId: string | null;
  messageId: string;
  /** Deliveries to attempt now (held ones wait for the integration to be verified again). */
  deliveryIds: string[];
  duplicate: boolean;
}

export async function acceptCustomerMessage(db: Db, context: RoutingContext, input: CustomerMessage): Promise<AcceptedMessage> {
  const { asset } = context;
  const isPostback = input.postbackPayload !== undefined;
  const decision = routeMessage(context.rules, {
    channelAssetId: asset.id,
    event: isPostback ? "POSTBACK" : "INCOMING_MESSAGE",
    text: input.text ?? null,
    messageType: input.messageType,
    channelUserId: input.userId,
  });
  const messageId = newMessageId();
  const message = {
    id: messageId,
    tenantId: asset.tenantId,
    channelAssetId: asset.id,
    channelUserId: input.userId,
    sender: "CUSTOMER" as const,
    kind: isPostback ? ("POSTBACK" as const) : ("MESSAGE" as const),
    text: input.text ?? null,
    messageType: input.messageType,
    postbackPayload: input.postbackPayload ?? null,
    channelMessageId: input.channelMessageId ?? null,
  };

  const at = new Date();
  const payloadFor = (conversationId: string, conversationType: ConversationType) => {
    const ref = { conversationId, conversationType, channel: asset.channelLabel, at };
    return isPostback
      ? postbackPayload(ref, input.postbackPayload ?? "")
      : incomingMessagePayload(ref, { id: messageId, text: input.text ?? "", type: input.messageType });
  };

  // A context from the cache may be acted on only once a statement found its version current.
  let current = !context.cached;
  try {
    // The common case, a message for a bot that holds the flag, is one statement.
    if (decision.kind === "ROUTED" && asset.serviceId && decision.action.type !== "CCSP") {
      const action = decision.action;
      const bot = context.integrations.get(action.botIntegrationId);
      const botUnavailableHandover = action.type === "BOT_CCSP" && action.handoverWhenBotUnavailable && bot?.status === "INACTIVE";
      const receiver = receiverFor(context, action.botIntegrationId);
      if (receiver && "integrationId" in receiver && !botUnavailableHandover) {
        const fast = await acceptIntoBotConversation(pool(), {
          tenantId: asset.tenantId,
          channelAssetId: asset.id,
          channelUserId: input.userId,
          serviceId: asset.serviceId,
          botIntegrationId: action.botIntegrationId,
          ccspIntegrationId: action.type === "BOT_CCSP" ? action.ccspIntegrationId : null,
          ruleId: decision.ruleId,
          message,
          payload: payloadFor("", "BOT"),
          deliveryState: receiver.held ? "HELD" : "PENDING",
          routingVersion: context.cached ? context.version : null,
        });
        if ("stale" in fast) throw new StaleRoutingContext();
        current = true;
        if (!("handedOver" in fast)) {
          if (!receiver.held) hintReceiver(fast.deliveryId, action.botIntegrationId);
          return { conversationId: fast.conversationId, messageId, deliveryIds: receiver.held ? [] : [fast.deliveryId], duplicate: false };
        }
      }
    }
    if (!current) throw new StaleRoutingContext();
    const written = (conversationIds: string[]): LiveEvent => ({
      type: "message",
      tenantId: asset.tenantId,
      channelAssetId: asset.id,
      channelUserId: input.userId,
      conversationIds,
      messageId,
    });
    return await db.$transaction(async (tx) => {
      if (decision.kind === "NO_RULE" || !asset.serviceId) {
        await tx.message.create({ data: { ...message, kind: "UNROUTED" } });
        await announce(tx, written([]));
        return { conversationId: null, messageId, deliveryIds: [], duplicate: false };
      }
      const route = await openConversationFor(tx, context, decision.ruleId, decision.action, input.userId);

      const planned: PlannedDelivery[] = [];
      for (const target of route.targets) {
        const receiver = receiverFor(context, target.integrationId);
        if (receiver) planned.push({ receiver, conversationId: target.conversationId, payload: payloadFor(target.conversationId, target.type) });
      }
      const noticeIds = route.handover
        ? await enqueueDeliveries(tx, asset.tenantId, route.handover.messageId, route.handover.deliveries)
        : [];
      await tx.message.create({ data: { ...message, conversationId: route.messageConversationId } });
      const deliveryIds = await enqueueDeliveries(tx, asset.tenantId, messageId, planned);
      // (A handover on the way announced itself: openHandover.)
      await announce(tx, written([...new Set([route.messageConversationId, ...route.targets.map((t) => t.conversationId)])]));
      return { conversationId: route.messageConversationId, messageId, deliveryIds: [...noticeIds, ...deliveryIds], duplicate: false };
    });
  } catch (error) {
    // A rule or service deleted while this message was routed by it: the conversation's foreign
    // keys refused it and nothing was written, so the channel's context is read again (withChannel).
    if (isForeignKeyViolation(error)) throw new StaleRoutingContext();
    if (input.channelMessageId && isUniqueViolation(error)) {
      const first = await db.message.findUnique({
        // The same sender's repeat only: another customer's messageId is never theirs to read.
        where: {
          channelAssetId_channelUserId_channelMessageId: { channelAssetId: asset.id, channelUserId: input.userId, channelMessageId: input.channelMessageId },
        },
        select: { id: true, conversationId: true },
      });
      if (first) return { conversationId: first.conversationId, messageId: first.id, deliveryIds: [], duplicate: true };
    }
    throw error;
  }
}

interface Route {
  /** The conversation the customer's message belongs to. */
  messageConversationId: string;
  /** Who receives it, in which conversation, and as what ConversationType. */
  targets: { integrationId: string; conversationId: string; type: ConversationType }[];
  /** A handover the platform raised on the way (the bot is unavailable), with its notices. */
  handover?: { messageId: string; deliveries: PlannedDelivery[] };
}

async function openConversationFor(tx: Tx, context: RoutingContext, ruleId: string, action: RuleAction, userId: string): Promise<Route> {
  const key = {
    tenantId: context.asset.tenantId,
    channelAssetId: context.asset.id,
    channelUserId: userId,
    serviceId: context.asset.serviceId ?? "",
  };
  if (action.type === "CCSP") {
    const ccsp = await upsertOpenConversation(tx, { ...key, kind: "CCSP", integrationId: action.ccspIntegrationId }, { ruleId, ccspIntegrationId: null });
    return { messageConversationId: ccsp.id, targets: [{ integrationId: action.ccspIntegrationId, conversationId: ccsp.id, type: "CCSP" }] };
  }
  const ccspIntegrationId = action.type === "BOT_CCSP" ? action.ccspIntegrationId : null;
  const bot: ConversationHead = await upsertOpenConversation(
    tx,
    { ...key, kind: "BOT", integrationId: action.botIntegrationId },
    { ruleId, ccspIntegrationId },
  );
  if (
    action.type === "BOT_CCSP" &&
    action.handoverWhenBotUnavailable &&
    !bot.activeCcspConversationId &&
    context.integrations.get(action.botIntegrationId)?.status === "INACTIVE"
  ) {
    // No customer waits for a dead bot: the CCSP takes the conversation at once.
    const opened = await openHandover(tx, {
      ...key,
      botConversationId: bot.id,
      ccspIntegrationId: action.ccspIntegrationId,
      channelLabel: context.asset.channelLabel,
      reason: BOT_UNAVAILABLE,
      customParams: {},
      raisedBy: "PLATFORM",
      at: new Date(),
    });
    const ccspReceiver = receiverFor(context, action.ccspIntegrationId);
    return {
      messageConversationId: opened.ccspConversationId,
      targets: [
        { integrationId: action.ccspIntegrationId, conversationId: opened.ccspConversationId, type: "CCSP" },
        { integrationId: action.botIntegrationId, conversationId: bot.id, type: "CCSP" },
      ],
      handover: { messageId: opened.handoverMessageId, deliveries: ccspReceiver ? [{ receiver: ccspReceiver, ...opened.ccspNotice }] : [] },
    };
  }
  if (bot.activeCcspConversationId && bot.ccspIntegrationId) {
    // The CCSP holds the flag: the agent gets the message, the bot a copy it must not answer.
    return {
      messageConversationId: bot.activeCcspConversationId,
      targets: [
        { integrationId: bot.ccspIntegrationId, conversationId: bot.activeCcspConversationId, type: "CCSP" },
        { integrationId: action.botIntegrationId, conversationId: bot.id, type: "CCSP" },
      ],
    };
  }
  return { messageConversationId: bot.id, targets: [{ integrationId: action.botIntegrationId, conversationId: bot.id, type: "BOT" }] };
}
