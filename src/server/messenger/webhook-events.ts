/**
 * The Messenger Platform's webhook notification (docs/messenger.md): `object: "page"`,
 * `entry[].messaging[]`, read into the events the platform acts on. Pure: the whole body is
 * checked before anything is written, so a refused notification leaves nothing behind.
 *
 * - `message` (text) → MESSAGE text; each attachment → MESSAGE image/video/audio/file/location
 *   (its URL, or "lat,long", as the text); `message.quick_reply` → POSTBACK with its payload.
 * - `postback` → POSTBACK ("FB POSTBACK" to the bot).
 * - `delivery` / `read` → RECEIPT Delivered / Read up to the watermark (and the listed mids).
 * - `message.is_echo` → ECHO (the Page's own message: recorded, never routed).
 * - Anything else (reactions, referrals, opt-ins, other Pages' entries) is IGNORED.
 */
import { z } from "zod";
import { firstProblem } from "@/lib/zod-problem";

const idText = z.string().trim().min(1).max(100);
const timestamp = z.number().int().nonnegative().max(8_640_000_000_000_000);
// The chat plugin's visitors come as `user_ref` with no PSID: recognised, and ignored.
const party = z
  .object({ id: idText.optional(), user_ref: z.string().max(400).optional() })
  .refine((p) => p.id !== undefined || p.user_ref !== undefined, { message: "id is required", path: ["id"] });

const attachment = z.object({
  type: z.string().max(40),
  payload: z
    .object({
      url: z.string().max(4_000).optional(),
      title: z.string().max(1_000).optional(),
      sticker_id: z.union([z.number(), z.string()]).optional(),
      coordinates: z.object({ lat: z.number().min(-90).max(90), long: z.number().min(-180).max(180) }).optional(),
    })
    .nullish(),
});

const message = z.object({
  mid: idText.max(400),
  text: z.string().max(20_000).optional(),
  is_echo: z.boolean().optional(),
  app_id: z.union([z.number(), z.string()]).optional(),
  metadata: z.string().max(1_000).optional(),
  quick_reply: z.object({ payload: z.string().min(1).max(1_000) }).optional(),
  attachments: z.array(attachment).max(20).optional(),
});

const messagingEvent = z.object({
  sender: party,
  recipient: party,
  timestamp: timestamp.optional(),
  message: message.optional(),
  postback: z.object({ mid: idText.max(400).optional(), title: z.string().max(1_000).optional(), payload: z.string().min(1).max(1_000) }).optional(),
  delivery: z.object({ mids: z.array(idText.max(400)).max(100).optional(), watermark: timestamp }).optional(),
  read: z.object({ watermark: timestamp }).optional(),
});

export const notificationSchema = z
  .object({
    object: z.literal("page", { error: 'object must be "page" (subscribe the app to the Page object)' }),
    entry: z
      .array(z.object({ id: idText.meta({ description: "The Page ID" }), time: timestamp, messaging: z.array(messagingEvent).max(1_000).optional() }))
      .min(1)
      .max(1_000),
  })
  .meta({ description: "A Messenger Platform webhook notification (docs/messenger.md)" });

/** The 200 answer: how many events came, how many were stored, how many were ignored. */
export const notificationAnswerSchema = z
  .object({ received: z.int().nonnegative(), stored: z.int().nonnegative(), ignored: z.int().nonnegative() })
  .meta({ description: "Every event stored with its deliveries" });
export type MessagingEvent = z.infer<typeof messagingEvent>;

export type MessengerEvent =
  | { kind: "MESSAGE"; psid: string; channelMessageId: string; text: string; messageType: string; raw: MessagingEvent }
  | { kind: "POSTBACK"; psid: string; channelMessageId: string; payload: string; raw: MessagingEvent }
  | { kind: "RECEIPT"; psid: string; status: "Delivered" | "Read"; mids: string[]; watermark: number }
  | { kind: "ECHO"; psid: string; mid: string; text: string | null; metadata: string | null; raw: MessagingEvent }
  | { kind: "IGNORED"; why: string };

export type ParsedNotification = { ok: true; events: MessengerEvent[] } | { ok: false; field: string; message: string };

/** The notification's events for the Page `pageId`, in the order they came. */
export function parseNotification(body: unknown, pageId: string): ParsedNotification {
  const parsed = notificationSchema.safeParse(body);
  if (!parsed.success) return { ok: false, ...firstProblem(parsed.error) };
  const events: MessengerEvent[] = [];
  for (const [e, entry] of parsed.data.entry.entries()) {
    if (entry.id !== pageId) {
      // One Meta app may serve several Pages: this channel is one of them (docs/messenger.md).
      events.push({ kind: "IGNORED", why: `entry ${e} is for Page ${entry.id}, not this channel's Page` });
      continue;
    }
    for (const [m, event] of (entry.messaging ?? []).entries()) {
      const mapped = mapEvent(event, pageId);
      if ("field" in mapped) return { ok: false, field: `entry.${e}.messaging.${m}.${mapped.field}`, message: mapped.message };
      events.push(...mapped);
    }
  }
  return { ok: true, events };
}

function mapEvent(event: MessagingEvent, pageId: string): MessengerEvent[] | { field: string; message: string } {
  const echo = event.message?.is_echo === true;
  // The Page is the recipient of what its customers do, and the sender of its own echoes.
  const pageSide = echo ? event.sender.id : event.recipient.id;
  const customerSide = echo ? event.recipient.id : event.sender.id;
  if (pageSide === pageId && customerSide === undefined) return [{ kind: "IGNORED", why: "a chat plugin visitor (user_ref) has no PSID" }];
  if (pageSide !== pageId) {
    return { field: echo ? "sender.id" : "recipient.id", message: `${echo ? "sender" : "recipient"}.id must be the Page ID ${pageId}` };
  }
  const psid = customerSide!;
  if (event.message && echo) {
    return [{ kind: "ECHO", psid, mid: event.message.mid, text: event.message.text ?? null, metadata: event.message.metadata ?? null, raw: event }];
  }
  if (event.message) return messageEvents(psid, event);
  if (event.postback) {
    // Postbacks carry a mid nowadays; without one, Meta's redelivery repeats the timestamp.
    const id = event.postback.mid ?? `postback:${event.timestamp ?? 0}:${event.postback.payload}`;
    return [{ kind: "POSTBACK", psid, channelMessageId: id, payload: event.postback.payload, raw: event }];
  }
  if (event.delivery) return [{ kind: "RECEIPT", psid, status: "Delivered", mids: event.delivery.mids ?? [], watermark: event.delivery.watermark }];
  if (event.read) return [{ kind: "RECEIPT", psid, status: "Read", mids: [], watermark: event.read.watermark }];
  return [{ kind: "IGNORED", why: "a messaging event this channel does not handle" }];
}

const MEDIA = new Set(["image", "video", "audio", "file"]);

function messageEvents(psid: string, event: MessagingEvent): MessengerEvent[] {
  const message = event.message!;
  // A quick-reply tap is a postback with the button's payload (its title is the text: not sent on).
  if (message.quick_reply) return [{ kind: "POSTBACK", psid, channelMessageId: message.mid, payload: message.quick_reply.payload, raw: event }];
  const out: MessengerEvent[] = [];
  const text = message.text?.trim() ? message.text : null;
  if (text) out.push({ kind: "MESSAGE", psid, channelMessageId: message.mid, text, messageType: "text", raw: event });
  for (const item of message.attachments ?? []) {
    const content = attachmentContent(item, text !== null);
    if (!content) continue;
    // One incoming message per attachment; the first keeps the mid, so a repeat is accepted once.
    const channelMessageId = out.length === 0 ? message.mid : `${message.mid}#${out.length}`;
    out.push({ kind: "MESSAGE", psid, channelMessageId, text: content.text, messageType: content.type, raw: event });
  }
  if (out.length === 0) out.push({ kind: "IGNORED", why: "a message with no text and no attachment this channel can forward" });
  return out;
}

function attachmentContent(item: z.infer<typeof attachment>, hasText: boolean): { type: string; text: string } | null {
  const payload = item.payload ?? {};
  if (item.type === "location") {
    if (payload.coordinates) return { type: "location", text: `${payload.coordinates.lat},${payload.coordinates.long}` };
    return payload.url ? { type: "location", text: payload.url } : null;
  }
  // A shared link arrives as text with a "fallback" attachment: the text already says it.
  if (item.type === "fallback") return hasText || !payload.url ? null : { type: "text", text: payload.url };
  if (!payload.url) return null;
  return { type: MEDIA.has(item.type) ? item.type : "file", text: payload.url };
}
