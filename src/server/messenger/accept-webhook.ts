/**
 * A Messenger webhook notification's events, stored before Meta gets its 200 (docs/messenger.md):
 * customer messages and postbacks through the same accept path as every channel (rules, BOT /
 * CCSP / BOT+CCSP, the channel message ID accepted once), delivery and read receipts as "Message
 * Delivery" events (once per message and status), the Page's echoes recorded and never routed.
 * Each event is its own transaction and idempotent, so Meta sending the batch again (after a
 * 5xx) stores nothing twice.
 */
import type { Prisma } from "@/generated/prisma/client";
import { pool, type Db } from "@/server/db/client";
import { acceptCustomerMessage } from "@/server/conversations/accept-customer-message";
import { acceptReceipt } from "@/server/conversations/accept-receipt";
import { newMessageId } from "@/server/conversations/ids";
import { requireChannel, withChannel } from "@/server/conversations/load-channel";
import type { RoutingContext } from "@/server/conversations/routing-context";
import { isUniqueViolation } from "@/server/db/errors";
import { announce } from "@/server/live/publish";
import { OWN_MESSAGE_METADATA_PREFIX } from "./send-api";
import type { MessengerEvent } from "./webhook-events";

export interface AcceptedNotification {
  deliveryIds: string[];
  conversationIds: (string | null)[];
  /** Messages, postbacks, receipts and echoes stored (not counting repeats). */
  stored: number;
  ignored: number;
}

/** How far back a watermark looks for the Page's messages it covers. */
const RECEIPT_LOOKBACK = "7 days";
const RECEIPTS_PER_EVENT = 100;

export async function acceptMessengerEvents(db: Db, assetId: string, events: MessengerEvent[]): Promise<AcceptedNotification> {
  const result: AcceptedNotification = { deliveryIds: [], conversationIds: [], stored: 0, ignored: 0 };
  let asset: RoutingContext["asset"] | undefined;
  const channel = async () => (asset ??= (await requireChannel(pool(), assetId)).asset);
  for (const event of events) {
    switch (event.kind) {
      case "MESSAGE":
      case "POSTBACK": {
        const accepted = await withChannel(pool(), assetId, (context) =>
          acceptCustomerMessage(db, context, {
            userId: event.psid,
            channelMessageId: event.channelMessageId,
            ...(event.kind === "MESSAGE"
              ? { text: event.text, messageType: event.messageType }
              : { messageType: "postback", postbackPayload: event.payload }),
          }),
        );
        if (!accepted.duplicate) {
          // The inspector shows the event as Messenger sent it.
          await db.message.update({ where: { id: accepted.messageId }, data: { customParams: { messengerEvent: event.raw } as Prisma.InputJsonObject } });
          result.stored += 1;
        }
        result.deliveryIds.push(...accepted.deliveryIds);
        result.conversationIds.push(accepted.conversationId);
        break;
      }
      case "RECEIPT": {
        const target = await channel();
        for (const messageId of await messagesCovered(target.id, event)) {
          const receipt = await acceptReceipt(db, target, { messageId, status: event.status, onceKey: receiptKey(event.status, messageId) }, event.psid);
          if (receipt.conversationIds.length > 0) result.stored += 1;
          result.deliveryIds.push(...receipt.deliveryIds);
          result.conversationIds.push(...receipt.conversationIds);
        }
        break;
      }
      case "ECHO":
        if (await recordEcho(db, await channel(), event)) result.stored += 1;
        break;
      case "IGNORED":
        result.ignored += 1;
        break;
    }
  }
  return result;
}

/** A receipt's key (its channelMessageId): one Delivered and one Read per message. */
export const receiptKey = (status: "Delivered" | "Read" | "Failed", messageId: string) => `${status.toLowerCase()}:${messageId}`;

/**
 * The bot's and agents' messages to this customer that a receipt covers and that have no such
 * receipt yet: those whose Send API call started before the watermark (Meta's timestamp of the
 * newest message delivered or read), and those it names by mid.
 */
async function messagesCovered(assetId: string, event: Extract<MessengerEvent, { kind: "RECEIPT" }>): Promise<string[]> {
  const { rows } = await pool().query<{ id: string }>({
    name: "messenger-messages-covered",
    text: `SELECT m."id" FROM "Message" m
      WHERE m."channelAssetId" = $1 AND m."channelUserId" = $2 AND m."sender" IN ('BOT', 'AGENT') AND m."kind" = 'MESSAGE'
        AND m."createdAt" > now() - interval '${RECEIPT_LOOKBACK}'
        AND (m."channelMessageId" = ANY($3::text[])
             OR EXISTS (SELECT 1 FROM "Delivery" d WHERE d."messageId" = m."id" AND d."channelAssetId" = $1
                          AND d."state" = 'DELIVERED' AND d."lastAttemptAt" <= $4))
        AND NOT EXISTS (SELECT 1 FROM "Message" r WHERE r."channelAssetId" = $1 AND r."channelUserId" = $2 AND r."channelMessageId" = $5 || m."id")
      ORDER BY m."createdAt" LIMIT ${RECEIPTS_PER_EVENT}`,
    values: [assetId, event.psid, event.mids, new Date(event.watermark), `${event.status.toLowerCase()}:`],
  });
  return rows.map((row) => row.id);
}

/**
 * The Page's own message. One the platform sent (its metadata names the message) only gets its
 * mid, so receipts naming it find it; one written elsewhere (the Page inbox, another app) is
 * recorded in the customer's open conversation, or unrouted, and sent to nobody.
 */
async function recordEcho(db: Db, asset: RoutingContext["asset"], event: Extract<MessengerEvent, { kind: "ECHO" }>): Promise<boolean> {
  if (event.metadata?.startsWith(OWN_MESSAGE_METADATA_PREFIX)) {
    const messageId = event.metadata.slice(OWN_MESSAGE_METADATA_PREFIX.length);
    await linkMid(db, asset.id, messageId, event.mid);
    return false;
  }
  const open = await db.conversation.findFirst({
    where: { tenantId: asset.tenantId, channelAssetId: asset.id, channelUserId: event.psid, status: "OPEN" },
    orderBy: { lastActivityAt: "desc" },
    select: { id: true },
  });
  const id = newMessageId();
  try {
    await db.$transaction(async (tx) => {
      await tx.message.create({
        data: {
          id,
          tenantId: asset.tenantId,
          conversationId: open?.id ?? null,
          channelAssetId: asset.id,
          channelUserId: event.psid,
          sender: "AGENT",
          kind: "ECHO",
          text: event.text,
          messageType: "text",
          customParams: { messengerEvent: event.raw } as Prisma.InputJsonObject,
          channelMessageId: `echo:${event.mid}`,
        },
      });
      await announce(tx, {
        type: "message",
        tenantId: asset.tenantId,
        channelAssetId: asset.id,
        channelUserId: event.psid,
        conversationIds: open ? [open.id] : [],
        messageId: id,
      });
    });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false; // the same echo again
    throw error;
  }
}

/** The mid Messenger gave a message the platform sent (from the Send API's answer, or its echo). */
export async function linkMid(db: Db, assetId: string, messageId: string, mid: string): Promise<void> {
  try {
    await db.message.updateMany({ where: { id: messageId, channelAssetId: assetId, channelMessageId: null }, data: { channelMessageId: mid } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}
