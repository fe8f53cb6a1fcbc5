/**
 * The Send API (docs/messenger.md): what a bot's or an agent's message becomes, and what the
 * Graph API's answer means. Pure. The request body is what the outbox stores (the delivery's
 * payload); the Page ID and access token are read from the channel at each attempt, so fixing a
 * token fixes the retries too.
 *
 * `POST {MESSENGER_GRAPH_API_URL}/{page-id}/messages?access_token=…` with
 * `{ recipient: { id: PSID }, messaging_type: "RESPONSE", message: { … } }`:
 * - `message.text` (at most 2000 characters), or an attachment when the bot's Messagetype is
 *   image/video/audio/file and its message is the media's URL;
 * - a custom parameter `quick_replies` → `message.quick_replies` (text quick replies, ≤ 13), or
 *   the web chat's `quickReplies` ("Yes|No": each title is its payload);
 * - a custom parameter `buttons` → a button template with postback buttons (≤ 3), the message
 *   as its text (at most 640 characters);
 * - `message.metadata` names the platform's message, so its echo is known as the platform's own.
 * Both parameters are JSON arrays (in a string, as custom parameters are scalars) of
 * `{ "title": …, "payload": … }`, or of plain strings (the title is the payload too).
 */
import { badRequest } from "@/server/errors";

export const OWN_MESSAGE_METADATA_PREFIX = "switchboard:";

export const MAX_TEXT = 2000;
export const MAX_BUTTON_TEXT = 640;
export const MAX_QUICK_REPLIES = 13;
export const MAX_BUTTONS = 3;
const MAX_TITLE = 20;
const MAX_PAYLOAD = 1000;
const MEDIA_TYPES = new Set(["image", "video", "audio", "file"]);

export interface OutgoingMessage {
  messageId: string;
  psid: string;
  text: string;
  messageType: string;
  customParams: Record<string, unknown>;
}

type Choice = { title: string; payload: string };

/** The Send API body of a message for the customer; a bad quick reply or button is the bot's 400. */
export function sendApiBody(message: OutgoingMessage): Record<string, unknown> {
  // The hosted web chat's `quickReplies` ("Yes|No") works here too.
  const quickReplies =
    choices(message.customParams.quick_replies, "quick_replies", MAX_QUICK_REPLIES) ?? pipeChoices(message.customParams.quickReplies, "quickReplies");
  const buttons = choices(message.customParams.buttons, "buttons", MAX_BUTTONS);
  const content: Record<string, unknown> = {};
  if (buttons) {
    if (Array.from(message.text).length > MAX_BUTTON_TEXT) {
      throw badRequest(`With buttons, message is the text of a Messenger button template: at most ${MAX_BUTTON_TEXT} characters`, "message");
    }
    content.attachment = {
      type: "template",
      payload: { template_type: "button", text: message.text, buttons: buttons.map((b) => ({ type: "postback", title: b.title, payload: b.payload })) },
    };
  } else if (MEDIA_TYPES.has(message.messageType) && /^https?:\/\/\S+$/i.test(message.text.trim())) {
    content.attachment = { type: message.messageType, payload: { url: message.text.trim(), is_reusable: true } };
  } else {
    if (Array.from(message.text).length > MAX_TEXT) throw badRequest(`A Messenger message is at most ${MAX_TEXT} characters`, "message");
    content.text = message.text;
  }
  if (quickReplies) content.quick_replies = quickReplies.map((q) => ({ content_type: "text", title: q.title, payload: q.payload }));
  content.metadata = `${OWN_MESSAGE_METADATA_PREFIX}${message.messageId}`;
  return { recipient: { id: message.psid }, messaging_type: "RESPONSE", message: content };
}

function pipeChoices(value: unknown, field: string): Choice[] | null {
  if (typeof value !== "string" || value.trim() === "") return null;
  const titles = value.split("|").map((t) => t.trim()).filter(Boolean);
  return choices(JSON.stringify(titles), field, MAX_QUICK_REPLIES);
}

function choices(value: unknown, field: string, max: number): Choice[] | null {
  if (value === undefined || value === null || value === "") return null;
  let list: unknown = value;
  if (typeof value === "string") {
    try {
      list = JSON.parse(value);
    } catch {
      throw badRequest(`${field} must be a JSON array of {"title": …, "payload": …} (or of titles)`, field);
    }
  }
  if (!Array.isArray(list) || list.length === 0 || list.length > max) {
    throw badRequest(`${field} must be a JSON array of 1 to ${max} {"title": …, "payload": …} (or of titles)`, field);
  }
  return list.map((item, i) => {
    const choice = typeof item === "string" ? { title: item, payload: item } : (item as Partial<Choice> | null);
    const title = typeof choice?.title === "string" ? choice.title.trim() : "";
    const payload = typeof choice?.payload === "string" ? choice.payload : "";
    if (!title || Array.from(title).length > MAX_TITLE) throw badRequest(`${field}[${i}].title must be 1 to ${MAX_TITLE} characters`, field);
    if (!payload || payload.length > MAX_PAYLOAD) throw badRequest(`${field}[${i}].payload must be 1 to ${MAX_PAYLOAD} characters`, field);
    return { title, payload };
  });
}

/** A typing indicator for the customer (best effort, never an outbox delivery). */
export const senderActionBody = (psid: string, typing: boolean) => ({ recipient: { id: psid }, sender_action: typing ? "typing_on" : "typing_off" });

export type GraphVerdict =
  | { ok: true; mid: string | null }
  | {
      ok: false;
      /** RETRY on the schedule (rate limits, temporary errors), or REFUSED: FAILED at once. */
      kind: "RETRY" | "REFUSED";
      /** The attempt's recorded reason. */
      reason: string;
      /** What the bot is told in "Message Delivery" Failed. */
      description: string;
    };

interface GraphError {
  message?: string;
  code?: number;
  error_subcode?: number;
}

/** Rate limits: application, user, Page, and Messenger's own (retried with the schedule's backoff). */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80006]);
/** Temporary failures the Graph API asks to retry. */
const TEMPORARY_CODES = new Set([1, 2, 1200]);

/** Permanent refusals, worded for the bot's Description. */
function refusal(error: GraphError): string {
  const code = error.code;
  const sub = error.error_subcode;
  if (code === 10 && sub === 2018278) return "the message was sent outside the 24-hour messaging window (the customer last wrote more than 24 hours ago)";
  if (code === 551) return "this person isn't available right now (they may have blocked the Page or left Messenger)";
  if (code === 100 && sub === 2018001) return "no matching user: the recipient is not a person who wrote to this Page";
  if (code === 190) return "the Page access token is invalid or has expired: update it on the channel's page";
  if (code === 10 || code === 200 || code === 230 || (code !== undefined && code >= 200 && code <= 299)) {
    return "the Page or app lacks the permission to send this message";
  }
  if (code === 100) return "the Send API refused the message as invalid";
  return "Messenger refused the message";
}

/** What an HTTP answer of the Send API means (docs/messenger.md: error classification). */
export function judgeGraphAnswer(status: number, body: string): GraphVerdict {
  const json = parseJson(body);
  if (status >= 200 && status <= 299) {
    const mid = json && typeof json.message_id === "string" ? json.message_id : null;
    return { ok: true, mid };
  }
  const error = json && typeof json.error === "object" && json.error !== null ? (json.error as GraphError) : null;
  const codes = error ? ` (code ${error.code ?? "?"}${error.error_subcode !== undefined ? `, subcode ${error.error_subcode}` : ""})` : "";
  const said = error?.message ? `: ${String(error.message).slice(0, 300)}` : "";
  const reason = `Send API answered HTTP ${status}${codes}${said}`;
  if (error?.code !== undefined && RATE_LIMIT_CODES.has(error.code)) {
    return { ok: false, kind: "RETRY", reason, description: `Messenger rate limit${codes}` };
  }
  if ((error?.code !== undefined && TEMPORARY_CODES.has(error.code)) || status >= 500 || status === 429 || status === 408) {
    return { ok: false, kind: "RETRY", reason, description: `Messenger was temporarily unavailable${codes}` };
  }
  if (status >= 400 && status <= 499) return { ok: false, kind: "REFUSED", reason, description: `${refusal(error ?? {})}${codes}` };
  // 1xx/3xx: redirects are never followed.
  return { ok: false, kind: "RETRY", reason, description: `the Send API answered HTTP ${status}` };
}

function parseJson(body: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
