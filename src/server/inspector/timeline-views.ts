/** What the inspector shows of one conversation (timeline.ts builds it). */
import type { Prisma } from "@/generated/prisma/client";
import type { MessageKind } from "@/generated/prisma/enums";
import type { WaitReason } from "./wait-reason";

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
  kind: MessageKind;
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
