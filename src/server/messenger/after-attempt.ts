/**
 * What a Send API attempt leaves behind besides its record (docs/messenger.md): the mid Messenger
 * gave the message (delivery and read receipts name it), and once the delivery is FAILED (refused,
 * or its retries ran out) a "Message Delivery" Failed for the bot, with a Description saying why.
 * Returns the deliveries that notice wrote, for the caller to attempt.
 */
import type { AttemptOutcome } from "@/server/delivery/attempt-outcome";
import { pool, type Db } from "@/server/db/client";
import { acceptReceipt } from "@/server/conversations/accept-receipt";
import { announceDeliveryOutcomes } from "@/server/live/delivery-outcomes";
import { receiptKey } from "./accept-webhook";
import type { SendApiExchange } from "./send-api-exchange";

export async function afterSendApiAttempt(db: Db, deliveryId: string, exchange: SendApiExchange, outcome: AttemptOutcome): Promise<string[]> {
  if (exchange.graph.ok) {
    if (exchange.graph.mid) {
      // The attempt is recorded already: a failure here must not make it look failed.
      await pool()
        .query({
          name: "messenger-link-mid",
          text: `UPDATE "Message" m SET "channelMessageId" = $2 FROM "Delivery" d
                 WHERE d."id" = $1 AND m."id" = d."messageId" AND m."channelMessageId" IS NULL
                   AND NOT EXISTS (SELECT 1 FROM "Message" o WHERE o."channelAssetId" = m."channelAssetId"
                                     AND o."channelUserId" = m."channelUserId" AND o."channelMessageId" = $2)`,
          values: [deliveryId, exchange.graph.mid],
        })
        .catch((error: unknown) => console.warn("[messenger] mid not recorded:", error instanceof Error ? error.message : error));
    }
    return [];
  }
  if (outcome.outcome !== "FAILED_ATTEMPT" || outcome.next !== "FAILED") return [];
  const delivery = await db.delivery
    .findUnique({
      where: { id: deliveryId },
      select: { messageId: true, channelAsset: { select: { id: true, tenantId: true, type: true, channelLabel: true, serviceId: true } } },
    })
    .catch(() => null);
  if (!delivery?.messageId || !delivery.channelAsset) return [];
  const asset = delivery.channelAsset;
  const description =
    exchange.graph.kind === "REFUSED"
      ? exchange.graph.description
      : `${exchange.graph.description}; the Send API was tried ${outcome.attempt} times and the retries ran out`;
  try {
    const notice = await acceptReceipt(
      db,
      { ...asset, callbackUrl: null, secretHash: null, allowedOrigins: [], visitorTokenEpoch: 0 },
      { messageId: delivery.messageId, status: "Failed", description, onceKey: receiptKey("Failed", delivery.messageId) },
      null,
    );
    if (notice.conversationIds.length > 0) announceDeliveryOutcomes(asset.tenantId, notice.conversationIds);
    return notice.deliveryIds;
  } catch (error) {
    // A message deleted meanwhile has no conversation to report in: nothing to tell.
    console.warn("[messenger] failure not reported to the bot:", error instanceof Error ? error.message : error);
    return [];
  }
}
