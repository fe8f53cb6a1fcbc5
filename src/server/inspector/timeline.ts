/**
 * One conversation as support staff inspect it: its header (channel, service, integration,
 * the linked BOT or CCSP conversations) and a timeline merging its messages, its events
 * (opened, handover with the reason, accepted in the desk, closed, the receiving integrations'
 * deactivation and reactivation while it lasted) and every outbound delivery with all its attempts.
 */
import type { Prisma } from "@/generated/prisma/client";
import { env } from "@/server/config/env";
import type { Db } from "@/server/db/client";
import { notFound } from "@/server/errors";
import { shownName } from "@/server/integrations/deleted";
import { redactSecrets, storedSecrets } from "@/server/security/redact";
import { hasRole, type Role } from "@/server/tenancy/roles";
import { queueHeads, waitReason, type WaitReason } from "./wait-reason";

/** The latest messages a timeline shows; older ones are left out (and it says so). */
export const TIMELINE_MESSAGE_LIMIT = 500;
export const TIMELINE_DELIVERY_LIMIT = 1_000;

export interface Viewer {
  tenantId: string;
  role: Role;
}

export interface AttemptView {
  number: number;
  startedAt: Date;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  responseStart: string | null;
  ok: boolean;
}

export interface DeliveryView {
  id: string;
  createdAt: Date;
  state: "PENDING" | "DELIVERED" | "FAILED" | "HELD";
  /** The payload's Event field ("Incoming message", "Handover", …) or, for a channel callback, its event. */
  event: string | null;
  receiver: { kind: "INTEGRATION"; id: string; name: string; platform: string; deleted: boolean } | { kind: "CHANNEL"; id: string; name: string } | null;
  /** The conversation the delivery speaks about (a bot's copy belongs to the BOT conversation). */
  conversationId: string | null;
  messageId: string | null;
  /** Where the carried message lives (a bot's copy of a desk message: the CCSP conversation). */
  messageConversationId: string | null;
  attempts: number;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  lastError: string | null;
  /** Why it is not delivered yet and when its next attempt is due; null once DELIVERED. */
  wait: WaitReason | null;
  payload: Prisma.JsonValue;
  attemptLog: AttemptView[];
}

export interface MessageView {
  id: string;
  sender: "CUSTOMER" | "BOT" | "AGENT";
  kind: string;
  text: string | null;
  messageType: string;
  postbackPayload: string | null;
  customParams: Prisma.JsonValue;
  channelMessageId: string | null;
  /** The built-in desk's agent who wrote it. */
  agentName: string | null;
}

export type TimelineEventKind =
  | "OPENED"
  | "HANDED_OVER_FROM_BOT"
  | "HANDOVER"
  | "ACCEPTED"
  | "CLOSED"
  | "INTEGRATION_DEACTIVATED"
  | "INTEGRATION_REACTIVATED";

export type TimelineItem =
  | { type: "MESSAGE"; key: string; at: Date; message: MessageView; deliveries: DeliveryView[] }
  | {
      type: "EVENT";
      key: string;
      at: Date;
      event: TimelineEventKind;
      title: string;
      detail: string | null;
      link: { conversationId: string; label: string } | null;
      deliveries: DeliveryView[];
    }
  | { type: "DELIVERY"; key: string; at: Date; delivery: DeliveryView };

export interface LinkedConversation {
  id: string;
  kind: "BOT" | "CCSP";
  status: "OPEN" | "CLOSED";
  integrationName: string;
  handoverReason: string | null;
  createdAt: Date;
  closedAt: Date | null;
}

export interface ConversationTimeline {
  conversation: {
    id: string;
    kind: "BOT" | "CCSP";
    status: "OPEN" | "CLOSED";
    channelUserId: string;
    channel: { id: string; name: string; type: string; channelLabel: string };
    service: { id: string; name: string } | null;
    integration: { id: string; name: string; platform: string; status: string; deleted: boolean };
    ccspIntegration: { id: string; name: string; deleted: boolean } | null;
    handoverReason: string | null;
    assignee: { id: string; name: string } | null;
    acceptedAt: Date | null;
    createdAt: Date;
    closedAt: Date | null;
    lastActivityAt: Date;
    /** CCSP: the BOT conversation that handed over. */
    parent: LinkedConversation | null;
    /** BOT: every CCSP conversation its handovers opened, oldest first. */
    children: LinkedConversation[];
    /** BOT: the CCSP conversation holding the flag now. */
    activeCcspConversationId: string | null;
  };
  items: TimelineItem[];
  /** Older messages were left out. */
  truncated: boolean;
  counts: { messages: number; deliveries: number; failedDeliveries: number };
  viewer: { canReplay: boolean };
}

const linkedSelect = {
  id: true,
  kind: true,
  status: true,
  handoverReason: true,
  createdAt: true,
  closedAt: true,
  integration: { select: { name: true, deletedAt: true } },
} satisfies Prisma.ConversationSelect;

function toLinked(row: Prisma.ConversationGetPayload<{ select: typeof linkedSelect }>): LinkedConversation {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    integrationName: shownName(row.integration),
    handoverReason: row.handoverReason,
    createdAt: row.createdAt,
    closedAt: row.closedAt,
  };
}

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

type DeliveryRow = Prisma.DeliveryGetPayload<{ select: typeof deliverySelect }>;

function toDeliveryView(row: DeliveryRow, wait: WaitReason | null, secrets: string[]): DeliveryView {
  const payload = row.payload as Record<string, unknown> | null;
  // A Messenger delivery's payload is the Send API request (docs/messenger.md).
  const event = payload && typeof payload === "object" ? (payload.Event ?? payload.event ?? (payload.messaging_type ? "Send API" : null)) : null;
  return {
    id: row.id,
    createdAt: row.createdAt,
    state: row.state,
    event: typeof event === "string" ? event : null,
    receiver: row.integration
      ? { kind: "INTEGRATION", id: row.integration.id, name: shownName(row.integration), platform: row.integration.platform, deleted: row.integration.deletedAt !== null }
      : row.channelAsset
        ? { kind: "CHANNEL", id: row.channelAsset.id, name: row.channelAsset.name }
        : null,
    conversationId: row.conversationId,
    messageId: row.messageId,
    messageConversationId: row.message?.conversationId ?? null,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    deliveredAt: row.deliveredAt,
    lastError: redactSecrets(row.lastError, secrets),
    wait: wait?.kind === "FAILED" ? { ...wait, lastError: redactSecrets(wait.lastError, secrets) } : wait,
    payload: row.payload,
    // Rows recorded before answers were redacted may still hold the receiver's token.
    attemptLog: row.attemptLog.map((a) => ({
      ...a,
      error: redactSecrets(a.error, secrets),
      responseStart: redactSecrets(a.responseStart, secrets),
      ok: a.error === null,
    })),
  };
}

export async function getConversationTimeline(db: Db, viewer: Viewer, conversationId: string): Promise<ConversationTimeline> {
  const { tenantId } = viewer;
  const conversation = await db.conversation.findFirst({
    where: { id: conversationId, tenantId },
    select: {
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
    },
  });
  if (!conversation) throw notFound(`Conversation ${conversationId}`);
  // A deleted integration keeps its history, under this name (integrations/deleted.ts).
  const integration = { ...conversation.integration, name: shownName(conversation.integration), deleted: conversation.integration.deletedAt !== null };

  const [latestMessages, messageCount, service, ccspIntegration, assignee] = await Promise.all([
    db.message.findMany({
      where: { conversationId: conversation.id, tenantId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: TIMELINE_MESSAGE_LIMIT + 1,
      select: {
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
      },
    }),
    db.message.count({ where: { conversationId: conversation.id, tenantId, kind: { in: ["MESSAGE", "POSTBACK"] } } }),
    db.service.findFirst({ where: { id: conversation.serviceId, tenantId }, select: { id: true, name: true } }),
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
  const now = new Date();
  const heads = await queueHeads(
    db,
    tenantId,
    deliveryRows.filter((d) => d.state === "PENDING").map((d) => d.orderingKey),
  );
  const retries = env().DELIVERY_RETRY_SCHEDULE.length;
  const secretsOf = new Map<string, string[]>();
  const receiverSecrets = (row: DeliveryRow) => {
    const key = row.integration?.id ?? row.channelAsset?.id ?? "";
    let secrets = secretsOf.get(key);
    if (!secrets) secretsOf.set(key, (secrets = storedSecrets(row.integration ?? row.channelAsset)));
    return secrets;
  };
  const deliveries = deliveryRows
    .reverse()
    .map((row) => toDeliveryView(row, waitReason(row, heads.get(row.orderingKey), { now, retries }), receiverSecrets(row)));

  // The receiving integrations' deactivations and reactivations while the conversation lasted.
  const receivingIds = new Set<string>([conversation.integrationId]);
  for (const d of deliveries) if (d.receiver?.kind === "INTEGRATION") receivingIds.add(d.receiver.id);
  const integrationEvents = await db.integrationEvent.findMany({
    where: {
      tenantId,
      integrationId: { in: [...receivingIds] },
      type: { in: ["DEACTIVATED", "REACTIVATED"] },
      createdAt: { gte: conversation.createdAt, ...(conversation.closedAt ? { lte: conversation.closedAt } : {}) },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, type: true, detail: true, createdAt: true, integration: { select: { name: true, deletedAt: true } } },
  });

  const byMessage = new Map<string, DeliveryView[]>();
  const standalone: DeliveryView[] = [];
  const inTimeline = new Set(messageIds);
  for (const d of deliveries) {
    if (d.messageId && inTimeline.has(d.messageId)) {
      const list = byMessage.get(d.messageId) ?? [];
      list.push(d);
      byMessage.set(d.messageId, list);
    } else {
      standalone.push(d);
    }
  }

  const items: TimelineItem[] = [];
  const parent = conversation.parent ? toLinked(conversation.parent) : null;
  items.push({
    type: "EVENT",
    key: `opened-${conversation.id}`,
    at: conversation.createdAt,
    ...(conversation.kind === "CCSP" && parent
      ? {
          event: "HANDED_OVER_FROM_BOT" as const,
          title: `Handed over from the bot to ${integration.name}`,
          detail: conversation.handoverReason ? `Reason: ${conversation.handoverReason}` : null,
          link: { conversationId: parent.id, label: "BOT conversation" },
        }
      : {
          event: "OPENED" as const,
          title: conversation.kind === "BOT" ? `Conversation opened with ${integration.name}` : `Conversation opened with ${integration.name} (CCSP rule)`,
          detail: null,
          link: null,
        }),
    deliveries: [],
  });
  if (conversation.acceptedAt) {
    items.push({
      type: "EVENT",
      key: `accepted-${conversation.id}`,
      at: conversation.acceptedAt,
      event: "ACCEPTED",
      title: `Accepted in the agent desk by ${assignee?.name ?? "a former member"}`,
      detail: null,
      link: null,
      deliveries: [],
    });
  }
  for (const m of messages) {
    // The chat's "… joined" line: the ACCEPTED event above already tells the team.
    if (m.kind === "AGENT_JOINED") continue;
    const attached = byMessage.get(m.id) ?? [];
    const params = (m.customParams ?? {}) as Record<string, unknown>;
    if (m.kind === "HANDOVER") {
      const ccspId = typeof params.ccspConversationId === "string" ? params.ccspConversationId : null;
      const platform = params.raisedBy === "PLATFORM";
      items.push({
        type: "EVENT",
        key: m.id,
        at: m.createdAt,
        event: "HANDOVER",
        title: platform ? "Handed over by Switchboard (the bot is unavailable)" : "The bot handed over to the CCSP",
        detail: m.text ? `Reason: ${m.text}` : "No reason given",
        link: ccspId ? { conversationId: ccspId, label: "CCSP conversation" } : null,
        deliveries: attached,
      });
    } else if (m.kind === "CLOSE") {
      const byAgent = m.sender === "AGENT";
      items.push({
        type: "EVENT",
        key: m.id,
        at: m.createdAt,
        event: "CLOSED",
        title: byAgent ? `Closed by ${m.agent ? m.agent.name : "the agent"}` : "Closed by the bot",
        detail: byAgent && parent ? "The customer is back with the bot" : null,
        link: byAgent && parent ? { conversationId: parent.id, label: "BOT conversation" } : null,
        deliveries: attached,
      });
    } else {
      items.push({
        type: "MESSAGE",
        key: m.id,
        at: m.createdAt,
        message: {
          id: m.id,
          sender: m.sender,
          kind: m.kind,
          text: m.text,
          messageType: m.messageType,
          postbackPayload: m.postbackPayload,
          customParams: m.customParams,
          channelMessageId: m.channelMessageId,
          agentName: m.agent?.name ?? null,
        },
        deliveries: attached,
      });
    }
  }
  for (const e of integrationEvents) {
    const deactivated = e.type === "DEACTIVATED";
    items.push({
      type: "EVENT",
      key: e.id,
      at: e.createdAt,
      event: deactivated ? "INTEGRATION_DEACTIVATED" : "INTEGRATION_REACTIVATED",
      title: deactivated
        ? `${shownName(e.integration)} was made inactive: its deliveries are held`
        : `${shownName(e.integration)} is active again: held deliveries are released`,
      detail: e.detail,
      link: null,
      deliveries: [],
    });
  }
  for (const d of standalone) items.push({ type: "DELIVERY", key: d.id, at: d.createdAt, delivery: d });
  items.sort((a, b) => a.at.getTime() - b.at.getTime() || rankOf(a) - rankOf(b));

  return {
    conversation: {
      id: conversation.id,
      kind: conversation.kind,
      status: conversation.status,
      channelUserId: conversation.channelUserId,
      channel: conversation.channelAsset,
      service,
      integration: { id: integration.id, name: integration.name, platform: integration.platform, status: integration.status, deleted: integration.deleted },
      ccspIntegration: ccspIntegration && { id: ccspIntegration.id, name: shownName(ccspIntegration), deleted: ccspIntegration.deletedAt !== null },
      handoverReason: conversation.handoverReason,
      assignee,
      acceptedAt: conversation.acceptedAt,
      createdAt: conversation.createdAt,
      closedAt: conversation.closedAt,
      lastActivityAt: conversation.lastActivityAt,
      parent,
      children: conversation.children.map(toLinked),
      activeCcspConversationId: conversation.activeCcspConversationId,
    },
    items,
    truncated,
    counts: {
      messages: messageCount,
      deliveries: deliveries.length,
      failedDeliveries: deliveries.filter((d) => d.state === "FAILED").length,
    },
    viewer: { canReplay: hasRole(viewer.role, "ADMIN") },
  };
}

/** At the same instant: how the conversation began, then what was said and done, then deliveries not tied to a message. */
function rankOf(item: TimelineItem): number {
  if (item.type === "DELIVERY") return 2;
  if (item.type === "EVENT" && (item.event === "OPENED" || item.event === "HANDED_OVER_FROM_BOT")) return 0;
  return 1;
}
