/**
 * Payloads the platform POSTs to bots and CCSPs, field names letter for letter as bots expect
 * them (docs/protocol.md, "Platform to bot and CCSP"). Pure: the engine stores what these
 * return in the outbox, so every attempt of a delivery sends the same bytes.
 */
import { formatGmtTimestamp } from "@/server/webhooks/timestamp";

export type ConversationType = "BOT" | "CCSP";
export type DeliveryStatus = "Delivered" | "Failed" | "Read";

export interface ConversationRef {
  conversationId: string;
  conversationType: ConversationType;
  /** The channel label: WEBCHAT, HTTP, FB. */
  channel: string;
  at: Date;
}

export function incomingMessagePayload(ref: ConversationRef, message: { id: string; text: string; type: string }) {
  return {
    Conversationid: ref.conversationId,
    ConversationType: ref.conversationType,
    Message: message.text,
    MessageType: message.type,
    Messageid: message.id,
    Channel: ref.channel,
    Event: "Incoming message",
    Timestamp: formatGmtTimestamp(ref.at),
  };
}

export function postbackPayload(ref: ConversationRef, postbackPayload: string) {
  return {
    Conversationid: ref.conversationId,
    ConversationType: ref.conversationType,
    PostbackPayload: postbackPayload,
    Channel: ref.channel,
    Event: ref.channel === "FB" ? "FB POSTBACK" : "POSTBACK",
    Timestamp: formatGmtTimestamp(ref.at),
  };
}

export function messageDeliveryPayload(
  ref: ConversationRef,
  receipt: { messageId: string; status: DeliveryStatus; description?: string },
) {
  return {
    Conversationid: ref.conversationId,
    ConversationType: ref.conversationType,
    Messageid: receipt.messageId,
    Channel: ref.channel,
    Event: "Message Delivery",
    DeliveryStatus: receipt.status,
    // Only on failures (docs/protocol.md).
    ...(receipt.status === "Failed" ? { Description: receipt.description ?? "" } : {}),
    Timestamp: formatGmtTimestamp(ref.at),
  };
}

/** An agent's message, copied to the bot so that it can collate the conversation. */
export function agentMessagePayload(ref: ConversationRef, message: { id: string; text: string; type: string }) {
  return { ...incomingMessagePayload(ref, message), Event: "Agent message" };
}

/** What happened in the conversation: "Handover", "Conversation closed", … */
export function conversationEventPayload(ref: ConversationRef, event: string, extra: Record<string, unknown> = {}) {
  return {
    Conversationid: ref.conversationId,
    ConversationType: ref.conversationType,
    Channel: ref.channel,
    Event: event,
    Timestamp: formatGmtTimestamp(ref.at),
    ...extra,
  };
}

export function verificationPayload(challenge: string, at: Date) {
  return { Event: "Verification", Challenge: challenge, Timestamp: formatGmtTimestamp(at) };
}
