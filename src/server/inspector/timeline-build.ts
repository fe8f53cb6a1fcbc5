/**
 * The timeline built from its rows (timeline-load.ts), reading nothing: the header, then one
 * list merging messages, the events they stand for (opened, handover with the reason, accepted
 * in the desk, closed, the receivers' deactivations) and the deliveries, each with its
 * attempts (secrets redacted) and why it waits.
 */
import { shownName } from "@/server/integrations/deleted";
import { redactSecrets, storedSecrets } from "@/server/security/redact";
import type { DeliveryRow, LinkedRow, TimelineRows } from "./timeline-load";
import type { ConversationTimeline, DeliveryView, LinkedConversation, TimelineItem } from "./timeline-views";
import { waitReason, type WaitReason } from "./wait-reason";

export interface BuildOptions {
  now: Date;
  /** How many retries the schedule has (DELIVERY_RETRY_SCHEDULE), for "retry n of 4". */
  retries: number;
  /** The viewer may replay a FAILED delivery (ADMIN and up). */
  canReplay: boolean;
}

function toLinked(row: LinkedRow): LinkedConversation {
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

export function buildTimeline(rows: TimelineRows, { now, retries, canReplay }: BuildOptions): ConversationTimeline {
  const { conversation, messages, heads } = rows;
  // A deleted integration keeps its history, under this name (integrations/deleted.ts).
  const integration = { ...conversation.integration, name: shownName(conversation.integration), deleted: conversation.integration.deletedAt !== null };
  const secretsOf = new Map<string, string[]>();
  const receiverSecrets = (row: DeliveryRow) => {
    const key = row.integration?.id ?? row.channelAsset?.id ?? "";
    let secrets = secretsOf.get(key);
    if (!secrets) secretsOf.set(key, (secrets = storedSecrets(row.integration ?? row.channelAsset)));
    return secrets;
  };
  const deliveries = rows.deliveryRows.map((row) => toDeliveryView(row, waitReason(row, heads.get(row.orderingKey), { now, retries }), receiverSecrets(row)));
  const messageIds = messages.map((m) => m.id);

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
      title: `Accepted in the agent desk by ${rows.assignee?.name ?? "a former member"}`,
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
  for (const e of rows.integrationEvents) {
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
      service: rows.service,
      integration: { id: integration.id, name: integration.name, platform: integration.platform, status: integration.status, deleted: integration.deleted },
      ccspIntegration: rows.ccspIntegration && { id: rows.ccspIntegration.id, name: shownName(rows.ccspIntegration), deleted: rows.ccspIntegration.deletedAt !== null },
      handoverReason: conversation.handoverReason,
      assignee: rows.assignee,
      acceptedAt: conversation.acceptedAt,
      createdAt: conversation.createdAt,
      closedAt: conversation.closedAt,
      lastActivityAt: conversation.lastActivityAt,
      parent,
      children: conversation.children.map(toLinked),
      activeCcspConversationId: conversation.activeCcspConversationId,
    },
    items,
    truncated: rows.truncated,
    counts: {
      messages: rows.messageCount,
      deliveries: deliveries.length,
      failedDeliveries: deliveries.filter((d) => d.state === "FAILED").length,
    },
    viewer: { canReplay },
  };
}

/** At the same instant: how the conversation began, then what was said and done, then deliveries not tied to a message. */
function rankOf(item: TimelineItem): number {
  if (item.type === "DELIVERY") return 2;
  if (item.type === "EVENT" && (item.event === "OPENED" || item.event === "HANDED_OVER_FROM_BOT")) return 0;
  return 1;
}
