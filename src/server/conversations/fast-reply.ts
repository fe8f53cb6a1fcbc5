/**
 * The common case of a bot's webhook in one statement: a message for the customer in the bot's
 * own open conversation, on a channel that needs no delivery for it (the web chat reads it live;
 * an HTTP channel with a callback URL, or Messenger's Send API, does need one, so it takes the
 * general path). The update
 * of the conversation locks it and re-checks it (open, its bot's, no CCSP holding the flag), as
 * handovers and closes lock it too; the message and its live event follow in the same statement.
 * Nothing is written when any condition fails: the caller takes the general path, which says why.
 */
import type { Pool } from "pg";
import { LIVE_CHANNEL } from "@/server/live/events";
import { newMessageId } from "./ids";
import { eventAnswer, type OnceKey } from "./inbound-idempotency";
import type { CustomParams } from "./wire/inbound-events";

export interface FastReplyInput {
  tenantId: string;
  botIntegrationId: string;
  conversationId: string;
  text: string;
  messageType: string;
  customParams: CustomParams;
  /** An idempotency key: its answer is stored by the same statement (a concurrent twin makes it fail). */
  once?: OnceKey;
}

/** The stored answer, written with the message: $9 the key, $10 the body's hash, $11 the answer. */
const REMEMBER_ANSWER = `, remembered AS (
       INSERT INTO "InboundEventKey" ("integrationId", "key", "tenantId", "requestHash", "status", "response", "createdAt")
       SELECT $3, $9, $2, $10, 202, $11::jsonb, now() FROM msg
     )`;

/** The new message's ID, or null when the general path must handle it. */
export async function replyInBotConversation(pool: Pool, input: FastReplyInput): Promise<string | null> {
  const messageId = newMessageId();
  const { once } = input;
  const { rows } = await pool.query<{ id: string }>({
    name: once ? "reply-in-bot-conversation-once" : "reply-in-bot-conversation",
    text: `WITH conv AS (
       UPDATE "Conversation" c SET "lastActivityAt" = now()
       FROM "ChannelAsset" a
       WHERE c."id" = $1 AND c."tenantId" = $2 AND c."integrationId" = $3 AND c."kind" = 'BOT' AND c."status" = 'OPEN'
         AND c."activeCcspConversationId" IS NULL AND a."id" = c."channelAssetId" AND NOT (a."type" = 'HTTP' AND a."callbackUrl" IS NOT NULL) AND a."type" <> 'MESSENGER'
       RETURNING c."id", c."channelAssetId", c."channelUserId"
     ), msg AS (
       INSERT INTO "Message" ("id", "tenantId", "conversationId", "channelAssetId", "channelUserId", "sender", "kind", "text",
                              "messageType", "customParams", "createdAt")
       SELECT $4, $2, conv."id", conv."channelAssetId", conv."channelUserId", 'BOT', 'MESSAGE', $5, $6, $7::jsonb, now()
       FROM conv
       RETURNING "id", "channelAssetId", "channelUserId"
     ), live AS (
       SELECT pg_notify($8, json_build_object('type', 'message', 'tenantId', $2::text, 'channelAssetId', msg."channelAssetId",
                'channelUserId', msg."channelUserId", 'conversationIds', json_build_array($1::text), 'messageId', msg."id")::text)
       FROM msg
     )${once ? REMEMBER_ANSWER : ""}
     SELECT msg."id", (SELECT count(*) FROM live) AS "notified" FROM msg`,
    values: [
      input.conversationId,
      input.tenantId,
      input.botIntegrationId,
      messageId,
      input.text,
      input.messageType,
      JSON.stringify(input.customParams),
      LIVE_CHANNEL,
      ...(once
        ? [once.key, once.requestHash, JSON.stringify(eventAnswer({ conversationId: input.conversationId, messageId }))]
        : []),
    ],
  });
  return rows[0]?.id ?? null;
}
