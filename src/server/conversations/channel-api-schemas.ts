/** Bodies of the public channel API (documented in src/server/api-docs/openapi.ts). */
import { z } from "zod";

const id = (max: number) => z.string().trim().min(1).max(max);

export const channelMessageSchema = z
  .strictObject({
    userId: id(200),
    messageId: id(200).optional(),
    message: z.string().max(10_000).optional(),
    messageType: id(40).default("text"),
    postbackPayload: z.string().min(1).max(1_000).optional(),
  })
  .refine((body) => body.postbackPayload !== undefined || (body.message !== undefined && body.message.length > 0), {
    path: ["message"],
    message: "message is required (or postbackPayload for a postback)",
  });

export const receiptSchema = z.strictObject({
  messageId: id(100),
  status: z.enum(["Delivered", "Failed", "Read"]),
  description: z.string().max(1_000).optional(),
});

export const visitorTypingSchema = z.strictObject({ typing: z.boolean() });
