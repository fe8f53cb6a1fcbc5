/** Input shapes of channel assets, shared by the forms and the server: no server imports here. */
import { z } from "zod";

export const MAX_ALLOWED_ORIGINS = 20;

export const channelNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a name for the channel")
  .max(100, "Name must be at most 100 characters");

export const allowedOriginsSchema = z
  .array(z.string().trim().max(300, "Origin is too long"))
  .max(MAX_ALLOWED_ORIGINS, `At most ${MAX_ALLOWED_ORIGINS} allowed origins`)
  .transform((origins) => origins.filter((origin) => origin.length > 0));

export const callbackUrlSchema = z
  .string()
  .trim()
  .min(1, "Enter the callback URL where replies are delivered")
  .max(2048, "URL is too long (at most 2048 characters)");

export const createChannelSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("WEB_CHAT"), name: channelNameSchema, allowedOrigins: allowedOriginsSchema.default([]) }),
  z.object({ type: z.literal("HTTP"), name: channelNameSchema, callbackUrl: callbackUrlSchema }),
]);
export type CreateChannelInput = z.output<typeof createChannelSchema>;

export const updateChannelSchema = z.object({
  id: z.string().min(1),
  name: channelNameSchema.optional(),
  /** WEB_CHAT only. */
  allowedOrigins: allowedOriginsSchema.optional(),
  /** HTTP only. */
  callbackUrl: callbackUrlSchema.optional(),
});
export type UpdateChannelInput = z.output<typeof updateChannelSchema>;
