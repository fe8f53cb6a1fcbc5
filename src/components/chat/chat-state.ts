/**
 * The web chat's pure logic: merging polled messages, what the visitor has sent that the server
 * has not listed yet, whether an agent has the conversation, quick replies, and the wording of
 * handover and close notes. No React, no browser APIs (except the random ID), so it is unit-tested.
 */
import type { ChatMessage } from "./chat-api";

export interface Outgoing {
  /** The client-generated message ID: a retry sends the same one, so the server keeps one copy. */
  clientId: string;
  text: string;
  postbackPayload?: string;
  status: "sending" | "sent" | "failed";
  /** The platform's message ID once accepted. */
  serverId?: string;
  error?: string;
  /** Failed on the connection (Retry may help), not refused. */
  retryable?: boolean;
}

/** Adds the messages not seen yet, keeping the order they arrived in (the server's order). */
export function mergeMessages(current: readonly ChatMessage[], incoming: readonly ChatMessage[]): ChatMessage[] {
  if (incoming.length === 0) return current as ChatMessage[];
  const known = new Set(current.map((m) => m.id));
  const fresh = incoming.filter((m) => !known.has(m.id) && (known.add(m.id), true));
  return fresh.length === 0 ? (current as ChatMessage[]) : [...current, ...fresh];
}

/**
 * What the visitor sent that the message list does not show yet (sending, failed, or not polled
 * yet). A listed message is recognised by its platform ID or by the client message ID it was sent
 * with, so a message whose answer was lost in a network drop does not show twice.
 */
export function unlistedOutgoing(outgoing: readonly Outgoing[], messages: readonly ChatMessage[]): Outgoing[] {
  if (outgoing.length === 0) return outgoing as Outgoing[];
  const listed = new Set<string>();
  for (const m of messages) {
    listed.add(m.id);
    if (m.channelMessageId) listed.add(m.channelMessageId);
  }
  return outgoing.filter((o) => !listed.has(o.clientId) && !(o.serverId && listed.has(o.serverId)));
}

export interface AgentState {
  /** "waiting": handed over, nobody accepted yet; "agent": an agent joined (or answered). */
  phase: "bot" | "waiting" | "agent";
  /** The agent's display name, once known. */
  agentName: string | null;
  /** Someone other than the bot has (or is about to have) the conversation. */
  withAgent: boolean;
}

const BOT: AgentState = { phase: "bot", agentName: null, withAgent: false };

/**
 * Waiting from a handover until an agent joins (or answers, for a CCSP without a desk), with
 * that agent until a close. A CCSP-only rule has no handover row: the agent simply answers.
 */
export function agentState(messages: readonly ChatMessage[]): AgentState {
  let state: AgentState = BOT;
  for (const message of messages) {
    if (message.kind === "HANDOVER") state = { phase: "waiting", agentName: null, withAgent: true };
    else if (message.kind === "CLOSE") state = BOT;
    else if (message.kind === "AGENT_JOINED") state = { phase: "agent", agentName: message.senderName ?? null, withAgent: true };
    else if (message.kind === "MESSAGE" && message.sender === "AGENT") {
      state = { phase: "agent", agentName: message.senderName ?? (state.phase === "agent" ? state.agentName : null), withAgent: true };
    }
  }
  return state;
}

const MAX_QUICK_REPLIES = 10;

/** "A|B|C" → ["A", "B", "C"]: the documented custom parameter `quickReplies`. */
export function parseQuickReplies(raw: unknown): string[] {
  if (typeof raw !== "string") return [];
  const unique = new Set(
    raw
      .split("|")
      .map((part) => part.trim())
      .filter((part) => part.length > 0 && part.length <= 1_000),
  );
  return [...unique].slice(0, MAX_QUICK_REPLIES);
}

/** Buttons of the latest message when it is the bot's (or agent's) and nothing came after it. */
export function currentQuickReplies(messages: readonly ChatMessage[], unlisted: readonly Outgoing[]): string[] {
  if (unlisted.length > 0) return [];
  const last = messages.at(-1);
  if (!last || last.kind !== "MESSAGE" || last.sender === "CUSTOMER") return [];
  return parseQuickReplies(last.customParams?.quickReplies);
}

export const senderLabel = (message: Pick<ChatMessage, "sender" | "senderName">) =>
  message.sender === "CUSTOMER" ? "You" : message.sender === "AGENT" ? message.senderName || "Agent" : "Bot";

/** The header's line under the title. */
export function agentStatusLine(agent: AgentState): string {
  if (agent.phase === "waiting") return "Waiting for an agent…";
  if (agent.phase === "agent") return agent.agentName ? `Chatting with ${agent.agentName}` : "Chatting with an agent";
  return "Chat with us";
}

/**
 * The line shown for a handover, an agent joining or a close; null for ordinary messages. A
 * handover's text is the rule's customer text (the server never lists the bot's reason).
 */
export function eventNote(message: ChatMessage): string | null {
  if (message.kind === "HANDOVER") return message.text || "Connecting you to an agent…";
  if (message.kind === "AGENT_JOINED") return `${message.senderName || "An agent"} joined`;
  if (message.kind === "CLOSE") {
    return message.sender === "AGENT"
      ? "The agent closed the conversation. You're chatting with the bot again."
      : "This conversation was closed. Send a message to start a new one.";
  }
  return null;
}

/** What a customer's row shows: the text, or the button's payload for a postback without text. */
export function customerText(message: Pick<ChatMessage, "text" | "postbackPayload">): string {
  return message.text ?? message.postbackPayload ?? "";
}

/** 16 random bytes, URL-safe; works outside secure contexts too (unlike crypto.randomUUID). */
export function newClientMessageId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `web_${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}
