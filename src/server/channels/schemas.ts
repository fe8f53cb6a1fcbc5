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

/** MESSENGER: the Facebook Page the channel answers for (docs/messenger.md). */
export const pageIdSchema = z.string().trim().regex(/^\d{1,30}$/, "Page ID is the number shown in the Page's About section (digits only)");
export const pageNameSchema = z.string().trim().min(1, "Enter the Page's name").max(100, "Page name must be at most 100 characters");
const secretText = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter the ${what}`)
    .max(1000, `The ${what} is too long (at most 1000 characters)`)
    .regex(/^[\x21-\x7e]+$/, `The ${what} has no spaces or special characters: paste it exactly as Meta shows it`);
export const pageAccessTokenSchema = secretText("Page access token");
export const appSecretSchema = secretText("App secret");

export const createChannelSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("WEB_CHAT"), name: channelNameSchema, allowedOrigins: allowedOriginsSchema.default([]) }),
  z.object({ type: z.literal("HTTP"), name: channelNameSchema, callbackUrl: callbackUrlSchema }),
  z.object({
    type: z.literal("MESSENGER"),
    name: channelNameSchema,
    pageName: pageNameSchema,
    pageId: pageIdSchema,
    pageAccessToken: pageAccessTokenSchema,
    appSecret: appSecretSchema,
  }),
]);
export type CreateChannelInput = z.output<typeof createChannelSchema>;

export const updateChannelSchema = z.object({
  id: z.string().min(1),
  name: channelNameSchema.optional(),
  /** WEB_CHAT only. */
  allowedOrigins: allowedOriginsSchema.optional(),
  /** HTTP only. */
  callbackUrl: callbackUrlSchema.optional(),
  /** MESSENGER only; a secret left out (or empty) stays as it is. */
  pageName: pageNameSchema.optional(),
  pageId: pageIdSchema.optional(),
  pageAccessToken: pageAccessTokenSchema.optional(),
  appSecret: appSecretSchema.optional(),
});
export type UpdateChannelInput = z.output<typeof updateChannelSchema>;
