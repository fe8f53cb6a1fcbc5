/**
 * The timeline's reads: one conversation with what it links to, its latest messages, the
 * deliveries about it or carrying its messages (with their attempts and why each waits), and
 * its receivers' deactivations while it lasted. Seven bounded queries; the page is built from
 * these rows by timeline-build.ts, which reads nothing.
 */
import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db/client";
import { notFound } from "@/server/errors";
import { queueHeads } from "./wait-reason";

/** The latest messages a timeline shows; older ones are left out (and it says so). */
export const TIMELINE_MESSAGE_LIMIT = 500;
export const TIMELINE_DELIVERY_LIMIT = 1_000;

const linkedSelect = {
  id: true,
  kind: true,
  status: true,
  handoverReason: true,
  createdAt: true,
  closedAt: true,
  integration: { select: { name: true, deletedAt: true } },
} satisfies Prisma.ConversationSelect;

const conversationSelect = {
  id: true,
  kind: true,
  status: true,
  channelUserId: true,
  serviceId: true,
  integrationId: true,
  ccspIntegrationId: true,
  handoverReason: true,
  assignedAgentId: true,
  acceptedAt: true,
  createdAt: true,
  closedAt: true,
  lastActivityAt: true,
  activeCcspConversationId: true,
  channelAsset: { select: { id: true, name: true, type: true, channelLabel: true } },
  integration: { select: { id: true, name: true, platform: true, status: true, deletedAt: true } },
  parent: { select: linkedSelect },
  children: { select: linkedSelect, orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
} satisfies Prisma.ConversationSelect;

const messageSelect = {
  id: true,
  sender: true,
  kind: true,
  text: true,
  messageType: true,
  postbackPayload: true,
  customParams: true,
  channelMessageId: true,
  createdAt: true,
  agent: { select: { name: true } },
} satisfies Prisma.MessageSelect;

const deliverySelect = {
  id: true,
  createdAt: true,
  state: true,
  seq: true,
  orderingKey: true,
  conversationId: true,
  messageId: true,
  attempts: true,
  scheduleAttempts: true,
  nextAttemptAt: true,
  claimedUntil: true,
  deliveredAt: true,
  lastError: true,
  payload: true,
  message: { select: { conversationId: true } },
  // The secrets only to take them out of the recorded answers (redact.ts); never returned.
  integration: { select: { id: true, name: true, deletedAt: true, platform: true, status: true, deactivationReason: true, tokenEncrypted: true, signingSecretEncrypted: true } },
  channelAsset: { select: { id: true, name: true, signingSecretEncrypted: true } },
  attemptLog: {
    orderBy: { number: "asc" },
    select: { number: true, startedAt: true, durationMs: true, statusCode: true, error: true, responseStart: true },
  },
} satisfies Prisma.DeliverySelect;

const integrationEventSelect = { id: true, type: true, detail: true, createdAt: true, integration: { select: { name: true, deletedAt: true } } } satisfies Prisma.IntegrationEventSelect;

export type LinkedRow = Prisma.ConversationGetPayload<{ select: typeof linkedSelect }>;
export type DeliveryRow = Prisma.DeliveryGetPayload<{ select: typeof deliverySelect }>;

export interface TimelineRows {
  conversation: Prisma.ConversationGetPayload<{ select: typeof conversationSelect }>;
  /** Chronological, at most TIMELINE_MESSAGE_LIMIT. */
  messages: Prisma.MessageGetPayload<{ select: typeof messageSelect }>[];
  /** Older messages were left out. */
  truncated: boolean;
  /** Customer messages and postbacks, all of them. */
  messageCount: number;
  service: { id: string; name: string } | null;
  ccspIntegration: { id: string; name: string; deletedAt: Date | null } | null;
  assignee: { id: string; name: string } | null;
  /** In creation order, at most TIMELINE_DELIVERY_LIMIT (the latest). */
  deliveryRows: DeliveryRow[];
  /** The head of each waiting delivery's queue (wait-reason.ts). */
  heads: Awaited<ReturnType<typeof queueHeads>>;
  integrationEvents: Prisma.IntegrationEventGetPayload<{ select: typeof integrationEventSelect }>[];
}

export async function loadTimelineRows(db: Db, tenantId: string, conversationId: string): Promise<TimelineRows> {
  const conversation = await db.conversation.findFirst({ where: { id: conversationId, tenantId }, select: conversationSelect });
  if (!conversation) throw notFound(`Conversation ${conversationId}`);

  const [latestMessages, messageCount, service, ccspIntegration, assignee] = await Promise.all([
    db.message.findMany({
      where: { conversationId: conversation.id, tenantId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: TIMELINE_MESSAGE_LIMIT + 1,
      select: messageSelect,
    }),
    db.message.count({ where: { conversationId: conversation.id, tenantId, kind: { in: ["MESSAGE", "POSTBACK"] } } }),
    conversation.serviceId ? db.service.findFirst({ where: { id: conversation.serviceId, tenantId }, select: { id: true, name: true } }) : null,
    conversation.ccspIntegrationId
      ? db.integration.findFirst({ where: { id: conversation.ccspIntegrationId, tenantId }, select: { id: true, name: true, deletedAt: true } })
      : null,
    conversation.assignedAgentId
      ? db.user.findUnique({ where: { id: conversation.assignedAgentId }, select: { id: true, name: true } })
      : null,
  ]);
  const truncated = latestMessages.length > TIMELINE_MESSAGE_LIMIT;
  const messages = latestMessages.slice(0, TIMELINE_MESSAGE_LIMIT).reverse();
  const messageIds = messages.map((m) => m.id);

  // The conversation's own deliveries, and those that carry its messages elsewhere
  // (a customer's or an agent's message copied to the bot belongs to the BOT conversation).
  const deliveryRows = await db.delivery.findMany({
    where: { tenantId, OR: [{ conversationId: conversation.id }, { messageId: { in: messageIds } }] },
    orderBy: { seq: "desc" },
    take: TIMELINE_DELIVERY_LIMIT,
    select: deliverySelect,
  });
  // Why each waiting delivery waits: one more statement for all their queues' heads.
  const heads = await queueHeads(
    db,
    tenantId,
    deliveryRows.filter((d) => d.state === "PENDING").map((d) => d.orderingKey),
  );

  // The receiving integrations' deactivations and reactivations while the conversation lasted.
  const receivingIds = new Set<string>([conversation.integrationId]);
  for (const d of deliveryRows) if (d.integration) receivingIds.add(d.integration.id);
  const integrationEvents = await db.integrationEvent.findMany({
    where: {
      tenantId,
      integrationId: { in: [...receivingIds] },
      type: { in: ["DEACTIVATED", "REACTIVATED"] },
      createdAt: { gte: conversation.createdAt, ...(conversation.closedAt ? { lte: conversation.closedAt } : {}) },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: integrationEventSelect,
  });

  return {
    conversation,
    messages,
    truncated,
    messageCount,
    service,
    ccspIntegration,
    assignee,
    deliveryRows: deliveryRows.reverse(),
    heads,
    integrationEvents,
  };
}
