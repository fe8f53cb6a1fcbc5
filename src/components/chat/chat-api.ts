/**
 * The hosted web chat's side of the public channel API (/api/v1/channels/{assetId}/…), as a
 * visitor calls it from the browser. Every failure becomes a ChatApiError that says whether
 * trying again can help (connection problems, 5xx) or not (the request was refused).
 */

import type { VisitorMessageKind } from "@/server/conversations/visitor-messages";

export type MessageSender = "CUSTOMER" | "BOT" | "AGENT";
/** The kinds a visitor is shown (a subset of the stored MessageKind enum). */
export type MessageKind = VisitorMessageKind;

/** One row of GET /messages (oldest first). */
export interface ChatMessage {
  id: string;
  conversationId: string | null;
  sender: MessageSender;
  kind: MessageKind;
  text: string | null;
  messageType: string;
  postbackPayload: string | null;
  customParams: Record<string, unknown> | null;
  /** The client message ID the visitor's page sent it with (null for replies). */
  channelMessageId: string | null;
  /** An agent's display name (agent messages and AGENT_JOINED); null otherwise. */
  senderName?: string | null;
  createdAt: string;
}

export interface Visitor {
  visitorId: string;
  token: string;
}

export class ChatApiError extends Error {
  constructor(
    message: string,
    /** A connection problem or a server error: the same request may succeed later. */
    readonly retryable: boolean,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

const TIMEOUT_MS = 10_000;

const base = (assetId: string) => `/api/v1/channels/${encodeURIComponent(assetId)}`;

async function call<T>(url: string, init: RequestInit & { token?: string; json?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.json !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? "GET",
      headers,
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
      cache: "no-store",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    throw new ChatApiError("No connection to the chat server", true);
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON (a proxy's error page): the status says enough
  }
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
    const retryable = response.status >= 500 || response.status === 429 || response.status === 408;
    const message = error?.message ?? (retryable ? "The chat server is having trouble" : `Refused (HTTP ${response.status})`);
    throw new ChatApiError(message, retryable, response.status, error?.code);
  }
  return body as T;
}

export function createVisitor(assetId: string): Promise<Visitor> {
  return call<Visitor>(`${base(assetId)}/visitors`, { method: "POST", json: {} });
}

export async function fetchMessages(assetId: string, token: string, after: string | null): Promise<ChatMessage[]> {
  const query = after ? `?after=${encodeURIComponent(after)}` : "";
  const body = await call<{ messages: ChatMessage[] }>(`${base(assetId)}/messages${query}`, { token });
  return body.messages;
}

export interface OutgoingBody {
  userId: string;
  /** The client's own ID: a retry with the same ID is accepted once. */
  messageId: string;
  message?: string;
  postbackPayload?: string;
}

export function postMessage(assetId: string, token: string, body: OutgoingBody): Promise<{ conversationId: string | null; messageId: string }> {
  return call(`${base(assetId)}/messages`, { method: "POST", token, json: body });
}

export function postReadReceipt(assetId: string, token: string, messageId: string): Promise<unknown> {
  return call(`${base(assetId)}/receipts`, { method: "POST", token, json: { messageId, status: "Read" } });
}

/** The visitor's live stream; an EventSource cannot send headers, so the token rides in the URL. */
export function streamUrl(assetId: string, token: string, after: string | null): string {
  const query = new URLSearchParams({ access_token: token });
  if (after) query.set("after", after);
  return `${base(assetId)}/messages/stream?${query}`;
}

export function postTyping(assetId: string, token: string, typing: boolean): Promise<unknown> {
  return call(`${base(assetId)}/typing`, { method: "POST", token, json: { typing } });
}
