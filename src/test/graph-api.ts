/**
 * A stand-in for the Graph API's Send API on 127.0.0.1 (docs/messenger.md), checking what the
 * real one checks: a known Page ID in the path (`/{version}/{page-id}/messages`), that Page's
 * access token, `recipient.id`, a valid `messaging_type`, a well-formed `message` (text of at most
 * 2000 characters or an attachment, at most 13 quick replies) or a `sender_action`. It answers
 * the documented success shape (`recipient_id`, `message_id`) or the documented error shape
 * (`{ error: { message, type, code, error_subcode, fbtrace_id } }`), and can be told to fail.
 * The HTTP server and its recording are the common stand-in receiver's (receiver.ts).
 */
import { randomUUID } from "node:crypto";
import { startReceiver, type ReceivedRequest, type ReplyPlan } from "./receiver";

export const GRAPH_VERSION = "v21.0";

export interface GraphRequest {
  pageId: string;
  accessToken: string | null;
  body: Record<string, unknown>;
  /** The answer it got. */
  status: number;
  answer: Record<string, unknown>;
}

export type GraphAnswer = { status: number; body: Record<string, unknown> };

export const graphError = (status: number, code: number, message: string, subcode?: number): GraphAnswer => ({
  status,
  body: { error: { message, type: "OAuthException", code, ...(subcode !== undefined ? { error_subcode: subcode } : {}), fbtrace_id: "AbCdEf123" } },
});

export interface GraphApi {
  /** The base URL with its version, as MESSENGER_GRAPH_API_URL takes it. */
  url: string;
  requests: GraphRequest[];
  /** Accepted messages (not sender actions). */
  sent: () => GraphRequest[];
  addPage: (pageId: string, accessToken: string) => void;
  /** Overrides the answer to valid requests (null: back to success). */
  failWith: (plan: ((request: GraphRequest) => GraphAnswer | null) | null) => void;
  waitFor: (predicate: (requests: GraphRequest[]) => boolean, timeoutMs?: number) => Promise<GraphRequest[]>;
  close: () => Promise<void>;
}

const MESSAGING_TYPES = new Set(["RESPONSE", "UPDATE", "MESSAGE_TAG"]);

function check(body: Record<string, unknown>): string | null {
  const recipient = body.recipient as { id?: unknown } | undefined;
  if (!recipient || typeof recipient.id !== "string" || !/^\d+$/.test(recipient.id)) return "(#100) The parameter recipient is required";
  if (body.sender_action !== undefined) {
    return ["typing_on", "typing_off", "mark_seen"].includes(String(body.sender_action)) ? null : "(#100) Invalid sender_action";
  }
  if (!MESSAGING_TYPES.has(String(body.messaging_type))) return "(#100) messaging_type must be RESPONSE, UPDATE or MESSAGE_TAG";
  const message = body.message as Record<string, unknown> | undefined;
  if (!message || typeof message !== "object") return "(#100) The parameter message is required";
  const hasText = typeof message.text === "string" && message.text.length > 0;
  const hasAttachment = typeof message.attachment === "object" && message.attachment !== null;
  if (hasText === hasAttachment) return "(#100) Exactly one of message.text and message.attachment is required";
  if (hasText && (message.text as string).length > 2000) return "(#100) Param message[text] must be at most 2000 characters long.";
  if (message.quick_replies !== undefined) {
    const replies = message.quick_replies;
    if (!Array.isArray(replies) || replies.length === 0 || replies.length > 13) return "(#100) quick_replies must have 1 to 13 items";
    for (const reply of replies as Record<string, unknown>[]) {
      if (reply.content_type !== "text" || typeof reply.title !== "string" || reply.title.length > 20 || typeof reply.payload !== "string") {
        return "(#100) Invalid quick reply";
      }
    }
  }
  if (hasAttachment) {
    const attachment = message.attachment as { type?: unknown; payload?: Record<string, unknown> };
    if (attachment.type === "template") {
      const payload = attachment.payload ?? {};
      const buttons = payload.buttons;
      if (payload.template_type !== "button" || typeof payload.text !== "string" || !Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) {
        return "(#100) Invalid button template";
      }
    } else if (!["image", "video", "audio", "file"].includes(String(attachment.type)) || typeof attachment.payload?.url !== "string") {
      return "(#100) Invalid attachment";
    }
  }
  return null;
}

export async function startGraphApi(): Promise<GraphApi> {
  const pages = new Map<string, string>();
  const requests: GraphRequest[] = [];
  let plan: ((request: GraphRequest) => GraphAnswer | null) | null = null;

  const answerTo = (received: ReceivedRequest): ReplyPlan => {
    const url = new URL(received.path, "http://127.0.0.1");
    const match = new RegExp(`^/${GRAPH_VERSION.replace(".", "\\.")}/([^/]+)/messages$`).exec(url.pathname);
    // Not JSON: an empty body, refused below.
    const body = received.body;
    let answer: GraphAnswer;
    const pageId = match?.[1] ?? "";
    const accessToken = url.searchParams.get("access_token");
    const request: GraphRequest = { pageId, accessToken, body, status: 0, answer: {} };
    if (received.method !== "POST" || !match) answer = graphError(400, 100, "Unsupported post request.", 33);
    else if (!String(received.headers["content-type"]).includes("application/json")) answer = graphError(400, 100, "(#100) Content-Type must be JSON");
    else if (!pages.has(pageId)) answer = graphError(400, 100, `Unsupported post request. Object with ID '${pageId}' does not exist`, 33);
    else if (!accessToken || pages.get(pageId) !== accessToken) answer = graphError(400, 190, "Invalid OAuth access token.");
    else {
      const problem = check(body);
      answer = problem
        ? graphError(400, 100, problem)
        : (plan?.(request) ??
          (body.sender_action !== undefined
            ? { status: 200, body: { recipient_id: (body.recipient as { id: string }).id } }
            : { status: 200, body: { recipient_id: (body.recipient as { id: string }).id, message_id: `m_${randomUUID().replaceAll("-", "")}` } }));
    }
    request.status = answer.status;
    request.answer = answer.body;
    requests.push(request);
    return { status: answer.status, headers: { "content-type": "application/json" }, body: JSON.stringify(answer.body) };
  };
  const server = await startReceiver({ path: `/${GRAPH_VERSION}`, reply: answerTo });
  return {
    url: server.url,
    requests,
    sent: () => requests.filter((r) => r.status === 200 && r.body.message !== undefined),
    addPage: (pageId, accessToken) => void pages.set(pageId, accessToken),
    failWith: (next) => {
      plan = next;
    },
    async waitFor(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(requests)) {
        if (Date.now() > deadline) throw new Error(`Graph API stand-in: condition not met; got ${JSON.stringify(requests.map((r) => [r.status, r.body]))}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return requests;
    },
    close: server.close,
  };
}
