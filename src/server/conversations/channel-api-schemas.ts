/**
 * Bodies of the public channel API, the requests the route handlers parse with and the answers
 * they send. The API document (src/server/api-docs/openapi.ts) is generated from these, so a
 * description added here with `.meta()` is the one the reference shows; the wire formats they
 * carry are described in docs/protocol.md.
 */
import { z } from "zod";
import { LAUNCHER_POSITIONS } from "@/server/channels/widget-settings";

const id = (max: number) => z.string().trim().min(1).max(max);

/** A timestamp: a Date in the handler, ISO 8601 on the wire (Response.json writes Dates so). */
const isoTime = z.codec(z.iso.datetime(), z.date(), { decode: (text) => new Date(text), encode: (date) => date.toISOString() });

export const channelMessageSchema = z
  .strictObject({
    userId: id(200).meta({ description: "The customer's identifier on the channel (a web chat visitor: the visitorId of the token)", examples: ["cust-4711"] }),
    messageId: id(200).optional().meta({ description: "The channel's own message ID: a repeat is accepted once", examples: ["m-20260105-0001"] }),
    message: z.string().max(10_000).optional().meta({ description: "The text. Required unless postbackPayload is given", examples: ["Where is my order?"] }),
    messageType: id(40).default("text").meta({ description: "Passed to the bot as MessageType" }),
    postbackPayload: z.string().min(1).max(1_000).optional().meta({ description: "Makes it a postback event (a button or quick reply)", examples: ["ORDER_STATUS"] }),
  })
  .refine((body) => body.postbackPayload !== undefined || (body.message !== undefined && body.message.length > 0), {
    path: ["message"],
    message: "message is required (or postbackPayload for a postback)",
  })
  .meta({ description: "A customer message or postback" });

export const acceptedMessageSchema = z
  .object({
    conversationId: z.string().nullable().meta({ description: "Null when no rule matched (kept as unrouted)" }),
    messageId: z.string().meta({ description: "The platform's ID of the stored message" }),
  })
  .meta({ description: "Stored with its deliveries; routed to its conversation" });

export const receiptSchema = z
  .strictObject({
    messageId: id(100).meta({ description: "The platform's ID of the bot or agent message" }),
    status: z.enum(["Delivered", "Failed", "Read"]),
    description: z.string().max(1_000).optional().meta({ description: "Why it failed" }),
  })
  .meta({ description: "A delivery receipt for a message the platform sent to the customer" });

export const receiptAcceptedSchema = z.object({ receiptId: z.string() }).meta({ description: "Stored and forwarded to the bot as Message Delivery" });

export const receiptDuplicateSchema = z
  .object({ receiptId: z.null(), duplicate: z.literal(true) })
  .meta({ description: "A Read already reported for this message: nothing is sent again" });

export const visitorTypingSchema = z.strictObject({ typing: z.boolean().meta({ description: "true: started typing; false: stopped" }) });

export const typingAcceptedSchema = z.object({ ok: z.literal(true) }).meta({ description: "Passed on to the agent desk; nothing is stored" });

export const visitorIdentitySchema = z
  .object({
    visitorId: z.string().meta({ description: "The visitor's userId on this channel" }),
    token: z.string().meta({ description: "The visitor token: the Bearer token of this visitor's calls" }),
  })
  .meta({ description: "A new web chat visitor identity" });

export const visitorMessageSchema = z
  .object({
    id: z.string().meta({ description: "The message ID (also the stream's event id and the `after` cursor)" }),
    conversationId: z.string().nullable(),
    sender: z.enum(["CUSTOMER", "BOT", "AGENT"]),
    kind: z.string().meta({ description: "MESSAGE, POSTBACK, UNROUTED, HANDOVER, AGENT_JOINED or CLOSE" }),
    text: z.string().nullable(),
    messageType: z.string(),
    postbackPayload: z.string().nullable(),
    customParams: z.unknown().meta({ description: "A bot or agent message's custom parameters; null on events" }),
    channelMessageId: z.string().nullable().meta({ description: "The messageId the page sent, so it can recognise its own message after a lost answer" }),
    senderName: z.string().nullable().meta({ description: "An agent's display name; null otherwise" }),
    createdAt: isoTime,
  })
  .meta({ description: "One message of the visitor's conversation (also the data of a stream `message` event)" });

/** A message ID a visitor's stream starts after (`after`, or the browser's Last-Event-ID). */
export const messageCursorSchema = z.string().max(200);

export const visitorMessagesSchema = z.object({ messages: z.array(visitorMessageSchema) }).meta({ description: "The visitor's messages, oldest first" });

export const widgetSettingsSchema = z
  .object({
    title: z.string(),
    greeting: z.string().nullable(),
    accentColor: z.string().meta({ examples: ["#4f46e5"] }),
    accentText: z.string().meta({ description: "Readable text on the accent colour" }),
    initials: z.string(),
    launcherPosition: z.enum(LAUNCHER_POSITIONS),
    chatUrl: z.string().meta({ description: "The hosted chat page the launcher opens" }),
  })
  .meta({ description: "The embed script's settings" });
