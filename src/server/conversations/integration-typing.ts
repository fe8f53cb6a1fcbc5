/**
 * A bot (or a CCSP's agent) says it is typing (eventid 1004): the customer's chat shows it for a
 * few seconds (on Messenger, the Page's typing bubble). The same checks as for its messages (its
 * own, open conversation; a bot stays quiet while a CCSP has the flag), one read, and nothing written.
 */
import { pool, type Db } from "@/server/db/client";
import { conflict, notFound } from "@/server/errors";
import { publish } from "@/server/live/publish";
import { VERIFY_TIMEOUT_MS } from "@/server/net/outbound-options";
import { sendTypingIndicator } from "@/server/messenger/send-api-exchange";
import type { SendingIntegration } from "./handle-integration-event";
import type { TypingEvent } from "./wire/inbound-events";

export async function relayIntegrationTyping(db: Db, sender: SendingIntegration, event: TypingEvent): Promise<{ conversationId: string }> {
  const conversation = await db.conversation.findUnique({
    where: { id: event.conversationId },
    select: {
      id: true,
      tenantId: true,
      integrationId: true,
      kind: true,
      status: true,
      activeCcspConversationId: true,
      channelAssetId: true,
      channelUserId: true,
      channelAsset: { select: { type: true, settings: true } },
    },
  });
  if (!conversation || conversation.tenantId !== sender.tenantId || conversation.integrationId !== sender.id || conversation.kind !== sender.kind) {
    throw notFound(`Conversation ${event.conversationId}`);
  }
  if (conversation.status === "CLOSED") throw conflict(`Conversation ${conversation.id} is closed`, "conversation_id");
  if (sender.kind === "BOT" && conversation.activeCcspConversationId) {
    throw conflict(`Conversation ${conversation.id} is with a CCSP agent since the handover: the bot must not act until the agent closes it`, "conversation_id");
  }
  await publish(pool(), {
    type: "typing",
    tenantId: conversation.tenantId,
    channelAssetId: conversation.channelAssetId,
    channelUserId: conversation.channelUserId,
    conversationId: conversation.id,
    from: sender.kind === "BOT" ? "BOT" : "AGENT",
    typing: event.typing,
  });
  if (conversation.channelAsset.type === "MESSENGER") {
    // Messenger shows it as the Page's typing bubble: best effort, after the answer, never a
    // delivery that would hold the conversation's queue (docs/messenger.md).
    const { settings } = conversation.channelAsset;
    void sendTypingIndicator({ settings, psid: conversation.channelUserId, typing: event.typing, timeoutMs: VERIFY_TIMEOUT_MS }).catch((error: unknown) =>
      console.warn("[messenger] typing indicator not sent:", error instanceof Error ? error.message : error),
    );
  }
  return { conversationId: conversation.id };
}
