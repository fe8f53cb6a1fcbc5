/**
 * A delivery receipt from the channel (Delivered, Failed, Read) for a bot's or an agent's
 * message: it reaches the bot as a "Message Delivery" event (or the CCSP, in a CCSP-only
 * conversation), stored with its delivery in one transaction.
 */
import type { Db } from "@/server/db/client";
import { notFound } from "@/server/errors";
import { enqueueDeliveries } from "@/server/delivery/outbox";
import { announce } from "@/server/live/publish";
import { newMessageId } from "./ids";
import type { RoutingContext } from "./routing-context";
import { messageDeliveryPayload, type DeliveryStatus } from "./wire/outbound-payloads";

export interface Receipt {
  messageId: string;
  status: DeliveryStatus;
  description?: string;
  /**
   * A key the receipt is stored under as its channelMessageId: a second receipt with the same key
   * (Messenger's watermarks cover a message again and again) is accepted once and sends nothing.
   */
  onceKey?: string;
}

/**
 * The once-key of a Read from the channel API: one Read per message, whoever sends it again
 * (a reload, a second tab). The same form as Messenger's receipt keys.
 */
export const readReceiptKey = (messageId: string) => `read:${messageId}`;

export async function acceptReceipt(
  db: Db,
  asset: RoutingContext["asset"],
  receipt: Receipt,
  /** A visitor may only report on their own messages. */
  channelUserId: string | null,
): Promise<{ receiptId: string; deliveryIds: string[]; conversationIds: string[] }> {
  const message = await db.message.findFirst({
    where: {
      id: receipt.messageId,
      channelAssetId: asset.id,
      sender: { in: ["BOT", "AGENT"] },
      kind: "MESSAGE",
      ...(channelUserId ? { channelUserId } : {}),
    },
    select: {
      channelUserId: true,
      conversation: {
        select: {
          id: true,
          activeCcspConversationId: true,
          integration: { select: { id: true, platform: true, status: true, deletedAt: true } },
          parent: { select: { id: true, integration: { select: { id: true, platform: true, status: true, deletedAt: true } } } },
        },
      },
    },
  });
  const conversation = message?.conversation;
  if (!message || !conversation) throw notFound(`Message ${receipt.messageId} on this channel`);

  // Agent messages live in the CCSP conversation; the bot hears about them in its own.
  const botSide = conversation.parent ?? conversation;
  const conversationType = conversation.parent || conversation.activeCcspConversationId ? "CCSP" : "BOT";
  const receiver = botSide.integration;
  const at = new Date();
  const receiptId = newMessageId();

  return db.$transaction(async (tx) => {
    const data = {
      id: receiptId,
      tenantId: asset.tenantId,
      conversationId: conversation.id,
      channelAssetId: asset.id,
      channelUserId: message.channelUserId,
      sender: "CUSTOMER" as const,
      kind: "RECEIPT" as const,
      text: receipt.status,
      customParams: { messageId: receipt.messageId, ...(receipt.description ? { description: receipt.description } : {}) },
      channelMessageId: receipt.onceKey ?? null,
      createdAt: at,
    };
    if (receipt.onceKey) {
      // ON CONFLICT DO NOTHING: a repeat leaves the transaction usable and writes nothing.
      const written = await tx.message.createMany({ data: [data], skipDuplicates: true });
      if (written.count === 0) return { receiptId, deliveryIds: [], conversationIds: [] };
    } else {
      await tx.message.create({ data });
    }
    const deliveryIds =
      receiver.platform === "BUILT_IN" || receiver.deletedAt
        ? []
        : await enqueueDeliveries(tx, asset.tenantId, receiptId, [
            {
              receiver: { integrationId: receiver.id, held: receiver.status !== "ACTIVE" },
              conversationId: botSide.id,
              payload: messageDeliveryPayload(
                { conversationId: botSide.id, conversationType, channel: asset.channelLabel, at },
                receipt,
              ),
            },
          ]);
    const conversationIds = [...new Set([conversation.id, botSide.id])];
    await announce(tx, { type: "change", tenantId: asset.tenantId, what: "receipt", conversationIds });
    return { receiptId, deliveryIds, conversationIds };
  });
}
