/**
 * Events bots and CCSPs POST to their generated webhook (docs/protocol.md, "Bot and CCSP to
 * platform"): eventid 1001 (message), 1002 (handover), 1003 (close), or those names; every other
 * field is a custom parameter kept with the message. And 1004 (typing), which writes nothing:
 * `typing` "on" or "off" (or true/false; "on" when left out) is shown in the customer's chat.
 * The field schemas below are what the parser checks with and what the API document shows.
 */
import { z } from "zod";
import { firstProblem } from "@/lib/zod-problem";

export type InboundEventKind = "MESSAGE" | "HANDOVER" | "CLOSE";

// A Map, not an object: "constructor", "__proto__" or "toString" are unknown eventids, not prototype hits.
const EVENT_IDS = new Map<string, InboundEventKind | "TYPING">([
  ["1001", "MESSAGE"],
  ["message", "MESSAGE"],
  ["1002", "HANDOVER"],
  ["handover", "HANDOVER"],
  ["1003", "CLOSE"],
  ["close", "CLOSE"],
  ["1004", "TYPING"],
  ["typing", "TYPING"],
]);

const KNOWN_FIELDS = new Set(["eventid", "conversation_id", "message", "Messagetype", "Timestamp"]);
const MAX_CUSTOM_PARAMS = 50;

export type CustomParams = Record<string, string | number | boolean | null>;

export type InboundEvent =
  | { kind: "MESSAGE"; conversationId: string; message: string; messageType: string; timestamp?: string; customParams: CustomParams }
  | { kind: "HANDOVER"; conversationId: string; timestamp?: string; customParams: CustomParams }
  | { kind: "CLOSE"; conversationId: string; timestamp?: string; customParams: CustomParams };

/** The bot (or the CCSP's agent) is typing, or stopped. */
export type TypingEvent = { kind: "TYPING"; conversationId: string; typing: boolean };

export type ParseResult = { ok: true; event: InboundEvent | TypingEvent } | { ok: false; field: string; message: string };

/** Exactly the keys of EVENT_IDS: each name or code as a string, a code also as a number. */
const eventIdField = z
  .union([z.enum([...EVENT_IDS.keys()] as [string, ...string[]]), z.literal([1001, 1002, 1003, 1004])])
  .meta({ description: "1001 message, 1002 handover (bots only), 1003 close, 1004 typing (shown in the customer's chat for a few seconds; nothing is stored)" });
const conversationIdField = z.string().trim().min(1).max(100).meta({ description: "The Conversationid the platform sent", examples: ["conv_3hV0pQ8wL2"] });
const timestampField = z.string().max(40).meta({ description: "YYYY-MM-DD hh:mm:ss.SSS in GMT", examples: ["2026-01-05 09:30:15.250"] });
const messageField = z.string().min(1).max(10_000);
const messageTypeField = z.string().trim().min(1).max(40);
const typingField = z.union([z.enum(["on", "off"]), z.boolean()]);
const customParamField = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const base = z.object({
  eventid: eventIdField,
  conversation_id: conversationIdField,
  Timestamp: timestampField.optional(),
});

/** The whole body as the API document shows it; parseInboundEvent checks it field by field with the same schemas. */
export const integrationEventSchema = z
  .object({
    eventid: eventIdField,
    conversation_id: conversationIdField,
    message: messageField.optional().meta({ description: "The text: required for 1001", examples: ["Your order ships today"] }),
    Messagetype: messageTypeField.default("text").meta({ description: "1001: passed to the channel as the message type" }),
    Timestamp: timestampField.optional(),
    typing: typingField.default("on").meta({ description: "1004: typing started (on) or stopped (off)" }),
  })
  .catchall(customParamField.meta({ description: "Custom parameters, kept with the message" }))
  .meta({ description: "An event from a bot or a CCSP" });

/** The 202 answer to a stored event (a repeat of its idempotency key gets the same). */
export const integrationEventAnswerSchema = z
  .object({
    conversationId: z.string(),
    messageId: z.string().meta({ description: "The platform's ID of the stored message or event" }),
    ccspConversationId: z.string().optional().meta({ description: "After a handover: the new CCSP conversation" }),
  })
  .meta({ description: "Stored" });

/** The 202 answer to a typing event (1004), which stores nothing. */
export const typingEventAnswerSchema = z.object({ conversationId: z.string() }).meta({ description: "Passed on; nothing is stored" });

export function parseInboundEvent(body: unknown): ParseResult {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, field: "body", message: "The body must be a JSON object" };
  }
  const record = body as Record<string, unknown>;
  if (!Object.hasOwn(record, "eventid")) return { ok: false, field: "eventid", message: "eventid is required" };
  if (typeof record.eventid !== "string" && typeof record.eventid !== "number") {
    return { ok: false, field: "eventid", message: "eventid must be a string or a number" };
  }
  const kind = eventIdField.safeParse(record.eventid).success ? EVENT_IDS.get(String(record.eventid)) : undefined;
  if (!kind) {
    return {
      ok: false,
      field: "eventid",
      message: `Unknown eventid "${String(record.eventid)}": use 1001 (message), 1002 (handover), 1003 (close) or 1004 (typing)`,
    };
  }
  const parsed = base.safeParse(record);
  if (!parsed.success) return firstIssue(parsed.error);
  if (kind === "TYPING") {
    const typing = typingField.safeParse(record.typing ?? "on");
    if (!typing.success) return { ok: false, field: "typing", message: 'typing must be "on" or "off"' };
    return { ok: true, event: { kind, conversationId: parsed.data.conversation_id, typing: typing.data === "on" || typing.data === true } };
  }

  const entries: Array<[string, CustomParams[string]]> = [];
  for (const [key, value] of Object.entries(record)) {
    if (KNOWN_FIELDS.has(key)) continue;
    const param = customParamField.safeParse(value);
    if (!param.success) return { ok: false, field: key, message: `Custom parameter ${key} must be a string, number, boolean or null` };
    entries.push([key, param.data]);
  }
  // fromEntries defines own properties: a parameter named "__proto__" is kept as one, not a prototype.
  const customParams: CustomParams = Object.fromEntries(entries);
  if (entries.length > MAX_CUSTOM_PARAMS) {
    return { ok: false, field: "body", message: `At most ${MAX_CUSTOM_PARAMS} custom parameters are allowed` };
  }

  const common = { conversationId: parsed.data.conversation_id, timestamp: parsed.data.Timestamp, customParams };
  if (kind !== "MESSAGE") return { ok: true, event: { kind, ...common } };

  const message = z
    .object({ message: messageField, Messagetype: messageTypeField.optional() })
    .safeParse(record);
  if (!message.success) return firstIssue(message.error);
  return {
    ok: true,
    event: { kind, ...common, message: message.data.message, messageType: message.data.Messagetype ?? "text" },
  };
}

function firstIssue(error: z.ZodError): ParseResult {
  return { ok: false, ...firstProblem(error) };
}
