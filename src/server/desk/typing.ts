/**
 * An agent typing in the desk: the customer's chat shows "Agent is typing…" for a few seconds
 * (on Messenger, the Page's typing bubble).
 * Only the agent who has the conversation may say so (as only they may answer). Nothing is
 * written: the event goes straight to the open streams of every process.
 */
import { pool, type Db } from "@/server/db/client";
import { conflict, forbidden } from "@/server/errors";
import { publish } from "@/server/live/publish";
import { typingOnMessenger } from "@/server/messenger/send-api-exchange";
import { loadDeskConversation } from "./store";
import type { Actor } from "@/server/tenancy/actor";

export async function announceAgentTyping(db: Db, actor: Actor, conversationId: string, typing: boolean): Promise<void> {
  const conversation = await loadDeskConversation(db, actor.tenantId, conversationId);
  if (conversation.status === "CLOSED") throw conflict("This conversation is closed");
  if (conversation.assignedAgentId !== actor.userId) throw forbidden("Only the agent who accepted this conversation answers it");
  await publish(pool(), {
    type: "typing",
    tenantId: actor.tenantId,
    channelAssetId: conversation.channelAssetId,
    channelUserId: conversation.channelUserId,
    conversationId: conversation.id,
    from: "AGENT",
    typing,
  });
  // A Messenger customer sees the Page typing (best effort: docs/messenger.md).
  typingOnMessenger(db, conversation.channelAssetId, conversation.channelUserId, typing);
}
