/**
 * Events bots and CCSPs POST to their generated webhook (SPEC: Bot -> platform):
 * eventid 1001 (message), 1002 (handover), 1003 (close), or those names; every other
 * field is a custom parameter kept with the message. And 1004 (typing), which writes nothing:
 * `typing` "on" or "off" (or true/false; "on" when left out) is shown in the customer's chat.
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

const base = z.object({
  eventid: z.union([z.string(), z.number()]),
  conversation_id: z.string().trim().min(1).max(100),
  Timestamp: z.string().max(40).optional(),
});

export function parseInboundEvent(body: unknown): ParseResult {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, field: "body", message: "The body must be a JSON object" };
  }
  const record = body as Record<string, unknown>;
  if (!Object.hasOwn(record, "eventid")) return { ok: false, field: "eventid", message: "eventid is required" };
  if (typeof record.eventid !== "string" && typeof record.eventid !== "number") {
    return { ok: false, field: "eventid", message: "eventid must be a string or a number" };
  }
  const kind = EVENT_IDS.get(String(record.eventid));
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
    const typing = record.typing ?? "on";
    if (typing !== "on" && typing !== "off" && typeof typing !== "boolean") {
      return { ok: false, field: "typing", message: 'typing must be "on" or "off"' };
    }
    return { ok: true, event: { kind, conversationId: parsed.data.conversation_id, typing: typing === "on" || typing === true } };
  }

  const entries: Array<[string, CustomParams[string]]> = [];
  for (const [key, value] of Object.entries(record)) {
    if (KNOWN_FIELDS.has(key)) continue;
    if (value !== null && !["string", "number", "boolean"].includes(typeof value)) {
      return { ok: false, field: key, message: `Custom parameter ${key} must be a string, number, boolean or null` };
    }
    entries.push([key, value as CustomParams[string]]);
  }
  // fromEntries defines own properties: a parameter named "__proto__" is kept as one, not a prototype.
  const customParams: CustomParams = Object.fromEntries(entries);
  if (entries.length > MAX_CUSTOM_PARAMS) {
    return { ok: false, field: "body", message: `At most ${MAX_CUSTOM_PARAMS} custom parameters are allowed` };
  }

  const common = { conversationId: parsed.data.conversation_id, timestamp: parsed.data.Timestamp, customParams };
  if (kind !== "MESSAGE") return { ok: true, event: { kind, ...common } };

  const message = z
    .object({ message: z.string().min(1).max(10_000), Messagetype: z.string().trim().min(1).max(40).optional() })
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
