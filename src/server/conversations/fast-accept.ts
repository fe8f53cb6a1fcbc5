/**
 * The hot path's common case in one statement: a customer message for a bot that holds the
 * flag. Upsert the open BOT conversation (on the partial unique index), store the message
 * and its delivery with the conversation's ID in the payload; all or nothing. When a CCSP
 * holds the flag nothing is written and the caller takes the general path. Given the tenant's
 * routingVersion a cached routing context was read at, it writes nothing either unless that
 * is still current, so a cached context never routes a message after a change. Its live event
 * (src/server/live/events.ts) is sent by the same statement: no message, no notification.
 */
import type { Pool } from "pg";
import type { MessageKind } from "@/generated/prisma/enums";
import { LIVE_CHANNEL } from "@/server/live/events";
import { newConversationId, newDeliveryId } from "./ids";

export interface FastAcceptInput {
  tenantId: string;
  channelAssetId: string;
  channelUserId: string;
  serviceId: string;
  botIntegrationId: string;
  ccspIntegrationId: string | null;
  ruleId: string;
  message: {
    id: string;
    kind: MessageKind;
    text: string | null;
    messageType: string;
    postbackPayload: string | null;
    channelMessageId: string | null;
  };
  /** The bot's payload; its Conversationid is filled in by the statement. */
  payload: Record<string, unknown>;
  deliveryState: "PENDING" | "HELD";
  /** Check the tenant's routingVersion is still this one (the context came from the cache). */
  routingVersion: string | null;
}

export type FastAcceptResult = { conversationId: string; deliveryId: string } | { handedOver: true } | { stale: true };

export async function acceptIntoBotConversation(pool: Pool, input: FastAcceptInput): Promise<FastAcceptResult> {
  const { rows } = await pool.query<{ conversationId: string; activeCcsp: string | null; deliveryId: string | null }>({
    name: "accept-into-bot-conversation",
    text: `WITH conv AS (
       INSERT INTO "Conversation" ("id", "tenantId", "kind", "status", "channelAssetId", "channelUserId", "serviceId",
                                   "integrationId", "ruleId", "ccspIntegrationId", "createdAt", "lastActivityAt")
       SELECT $1, $2, 'BOT', 'OPEN', $3, $4, $5, $6, $7, $8, now(), now()
       WHERE $18::bigint IS NULL OR EXISTS (SELECT 1 FROM "Tenant" t WHERE t."id" = $2 AND t."routingVersion" = $18::bigint)
       ON CONFLICT ("channelAssetId", "channelUserId", "serviceId", "integrationId", "kind") WHERE "status" = 'OPEN'
       DO UPDATE SET "lastActivityAt" = now()
       RETURNING "id", "activeCcspConversationId"
     ), msg AS (
       INSERT INTO "Message" ("id", "tenantId", "conversationId", "channelAssetId", "channelUserId", "sender", "kind", "text",
                              "messageType", "postbackPayload", "customParams", "channelMessageId", "createdAt")
       SELECT $9, $2, conv."id", $3, $4, 'CUSTOMER', $10::"MessageKind", $11, $12, $13, '{}', $14, now()
       FROM conv WHERE conv."activeCcspConversationId" IS NULL
       RETURNING "id", "conversationId"
     ), dlv AS (
       INSERT INTO "Delivery" ("id", "tenantId", "integrationId", "conversationId", "messageId", "orderingKey", "payload",
                               "state", "attempts", "createdAt", "updatedAt")
       SELECT $15, $2, $6, msg."conversationId", msg."id", msg."conversationId" || ':' || $6,
              jsonb_set($16::jsonb, '{Conversationid}', to_jsonb(msg."conversationId")), $17::"DeliveryState", 0, now(), now()
       FROM msg
       RETURNING "id"
     ), live AS (
       SELECT pg_notify($19, json_build_object('type', 'message', 'tenantId', $2::text, 'channelAssetId', $3::text,
                'channelUserId', $4::text, 'conversationIds', json_build_array(msg."conversationId"), 'messageId', msg."id")::text)
       FROM msg
     )
     SELECT conv."id" AS "conversationId", conv."activeCcspConversationId" AS "activeCcsp", (SELECT "id" FROM dlv) AS "deliveryId",
            (SELECT count(*) FROM live) AS "notified"
     FROM conv`,
    values: [
      newConversationId(),
      input.tenantId,
      input.channelAssetId,
      input.channelUserId,
      input.serviceId,
      input.botIntegrationId,
      input.ruleId,
      input.ccspIntegrationId,
      input.message.id,
      input.message.kind,
      input.message.text,
      input.message.messageType,
      input.message.postbackPayload,
      input.message.channelMessageId,
      newDeliveryId(),
      JSON.stringify(input.payload),
      input.deliveryState,
      input.routingVersion,
      LIVE_CHANNEL,
    ],
  });
  const row = rows[0];
  if (!row) return { stale: true };
  if (row.activeCcsp || !row.deliveryId) return { handedOver: true };
  return { conversationId: row.conversationId, deliveryId: row.deliveryId };
}
