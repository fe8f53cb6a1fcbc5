/**
 * The agent desk's actions. Accept is one conditional UPDATE (sent live in its transaction), so
 * two agents accepting at once cannot both win. Reply and close go through the same engine
 * function as a CCSP's webhook (handleIntegrationEvent), so the customer, the bot's copy and the
 * return of the flag to the bot behave exactly as for any CCSP; their deliveries start after the
 * response, through the scheduler the adapter passes in (the tRPC router's `afterResponse`).
 */
import type { Db } from "@/server/db/client";
import { handleIntegrationEvent, type EventOutcome } from "@/server/conversations/handle-integration-event";
import { deliverNow } from "@/server/delivery/pipeline";
import { durableWork } from "@/server/jobs/durable-runner";
import { conflict, forbidden } from "@/server/errors";
import { newMessageId } from "@/server/conversations/ids";
import { announce } from "@/server/live/publish";
import { loadDeskConversation, mayClose, userNames } from "./store";
import type { Actor } from "@/server/tenancy/actor";

/** Runs work once the response is sent: the adapter knows how (http/after-response.ts). */
export type RunAfterResponse = (work: () => Promise<unknown>) => void;

export interface Accepted {
  conversationId: string;
  assignedAgentId: string;
  acceptedAt: Date;
}

export async function acceptConversation(db: Db, actor: Actor, conversationId: string): Promise<Accepted> {
  const conversation = await loadDeskConversation(db, actor.tenantId, conversationId);
  const acceptedAt = new Date();
  const taken = await db.$transaction(async (tx) => {
    const result = await tx.conversation.updateMany({
      where: { id: conversation.id, tenantId: actor.tenantId, status: "OPEN", assignedAgentId: null },
      data: { assignedAgentId: actor.userId, acceptedAt },
    });
    if (result.count === 1) {
      // The customer's chat says who joined (the visitor lists it, with the agent's display name).
      const joinedId = newMessageId();
      await tx.message.create({
        data: {
          id: joinedId,
          tenantId: actor.tenantId,
          conversationId: conversation.id,
          channelAssetId: conversation.channelAssetId,
          channelUserId: conversation.channelUserId,
          sender: "AGENT",
          kind: "AGENT_JOINED",
          agentId: actor.userId,
          createdAt: acceptedAt,
        },
      });
      const conversationIds = [conversation.id, ...(conversation.parentId ? [conversation.parentId] : [])];
      await announce(
        tx,
        { type: "change", tenantId: actor.tenantId, what: "conversation", conversationIds: [conversation.id] },
        { type: "message", tenantId: actor.tenantId, channelAssetId: conversation.channelAssetId, channelUserId: conversation.channelUserId, conversationIds, messageId: joinedId },
      );
    }
    return result;
  });
  if (taken.count === 1) return { conversationId: conversation.id, assignedAgentId: actor.userId, acceptedAt };

  const now = await loadDeskConversation(db, actor.tenantId, conversationId);
  // Accepting twice (a double click, a retry) is not an error.
  if (now.assignedAgentId === actor.userId && now.acceptedAt) {
    return { conversationId: now.id, assignedAgentId: actor.userId, acceptedAt: now.acceptedAt };
  }
  if (now.status === "CLOSED") throw conflict("This conversation is already closed");
  const names = await userNames(db, [now.assignedAgentId]);
  throw conflict(`${names.get(now.assignedAgentId ?? "") ?? "Another agent"} has already accepted this conversation`);
}

export async function replyToConversation(
  db: Db,
  actor: Actor,
  conversationId: string,
  message: string,
  afterResponse: RunAfterResponse,
): Promise<EventOutcome> {
  const conversation = await loadDeskConversation(db, actor.tenantId, conversationId);
  if (conversation.status === "CLOSED") throw conflict("This conversation is closed: the customer is back with the bot");
  if (conversation.assignedAgentId !== actor.userId) {
    throw conversation.assignedAgentId
      ? forbidden("Another agent has accepted this conversation: only they can answer it")
      : conflict("Accept the conversation before answering it", "conversationId");
  }
  const outcome = await handleIntegrationEvent(
    db,
    { id: conversation.integrationId, tenantId: actor.tenantId, kind: "CCSP", agentId: actor.userId },
    { kind: "MESSAGE", conversationId: conversation.id, message, messageType: "text", customParams: {} },
  );
  startDeliveries(db, outcome, afterResponse);
  return outcome;
}

export async function closeConversation(db: Db, actor: Actor, conversationId: string, afterResponse: RunAfterResponse): Promise<EventOutcome> {
  const conversation = await loadDeskConversation(db, actor.tenantId, conversationId);
  if (conversation.status === "CLOSED") throw conflict("This conversation is already closed");
  if (!mayClose(actor, conversation.assignedAgentId)) {
    throw conversation.assignedAgentId
      ? forbidden("Another agent has accepted this conversation: only they (or an admin) can close it")
      : conflict("Accept the conversation before closing it", "conversationId");
  }
  const outcome = await handleIntegrationEvent(
    db,
    { id: conversation.integrationId, tenantId: actor.tenantId, kind: "CCSP", agentId: actor.userId },
    { kind: "CLOSE", conversationId: conversation.id, customParams: {} },
  );
  startDeliveries(db, outcome, afterResponse);
  return outcome;
}

/** First attempts after the response (the attempt function tells the inspector how they went). */
function startDeliveries(db: Db, outcome: EventOutcome, afterResponse: RunAfterResponse) {
  if (outcome.deliveryIds.length === 0) return;
  afterResponse(() => deliverNow(db, outcome.deliveryIds, durableWork()));
}
