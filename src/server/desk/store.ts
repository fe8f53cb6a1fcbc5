/**
 * What the built-in agent desk works on: CCSP conversations whose integration is a BUILT_IN
 * desk of the caller's tenant. Anything else (another tenant's, a CCSP webhook's, a bot's)
 * is as unknown to the desk as a missing conversation.
 */
import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db/client";
import { notFound } from "@/server/errors";
import type { Actor } from "@/server/tenancy/actor";
import { hasRole } from "@/server/tenancy/roles";

/** The filter every desk query starts from. */
export function deskConversationWhere(tenantId: string): Prisma.ConversationWhereInput {
  return { tenantId, kind: "CCSP", integration: { platform: "BUILT_IN", tenantId } };
}

export async function loadDeskConversation(db: Db, tenantId: string, conversationId: string) {
  const row = await db.conversation.findFirst({
    where: { id: conversationId, ...deskConversationWhere(tenantId) },
    select: {
      id: true,
      tenantId: true,
      integrationId: true,
      status: true,
      assignedAgentId: true,
      acceptedAt: true,
      parentId: true,
      channelAssetId: true,
      channelUserId: true,
    },
  });
  if (!row) throw notFound(`Conversation ${conversationId} in the agent desk`);
  return row;
}

/** Display names of users, by ID. */
export async function userNames(db: Db, ids: Iterable<string | null | undefined>): Promise<Map<string, string>> {
  const unique = [...new Set([...ids].filter((id): id is string => Boolean(id)))];
  if (unique.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: unique } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}

/**
 * Closing returns the customer to the bot: the agent who accepted the conversation does it,
 * or an ADMIN and up (a conversation left behind by an absent agent, or never accepted).
 */
export function mayClose(actor: Actor, assignedAgentId: string | null): boolean {
  return assignedAgentId === actor.userId || hasRole(actor.role, "ADMIN");
}
