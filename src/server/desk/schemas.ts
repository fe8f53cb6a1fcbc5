/** Inputs of the agent desk, shared by its screen and the tRPC router: no server imports here. */
import { z } from "zod";

export const MAX_REPLY_LENGTH = 10_000;

export const deskConversationIdSchema = z.object({ conversationId: z.string().trim().min(1).max(100) });

export const deskReplySchema = deskConversationIdSchema.extend({
  message: z
    .string()
    .trim()
    .min(1, "Write a reply first")
    .max(MAX_REPLY_LENGTH, `A reply is at most ${MAX_REPLY_LENGTH} characters`),
});
export type DeskReplyInput = z.output<typeof deskReplySchema>;

export const deskTypingSchema = deskConversationIdSchema.extend({ typing: z.boolean() });
