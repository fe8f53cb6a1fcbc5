/**
 * Input shapes of integrations, shared by the wizard and edit forms (client-side checks) and the
 * tRPC router: no server imports here. Messages name the fields as the forms label them.
 */
import { z } from "zod";

export const INTEGRATION_KINDS = ["BOT", "CCSP"] as const;
export type IntegrationKind = (typeof INTEGRATION_KINDS)[number];

export const BOT_PLATFORMS = ["IMI_BOT", "OTHERS"] as const;
export const CCSP_PLATFORMS = ["WEBHOOK", "BUILT_IN"] as const;
export const INTEGRATION_PLATFORMS = [...BOT_PLATFORMS, ...CCSP_PLATFORMS] as const;
export type IntegrationPlatform = (typeof INTEGRATION_PLATFORMS)[number];
/** Platforms the platform POSTs to: they have a URL and a token, and can be verified. */
export type WebhookPlatform = Exclude<IntegrationPlatform, "BUILT_IN">;

/** How the product names each platform (the words bot builders know the platforms by). */
export const PLATFORM_LABELS: Record<IntegrationPlatform, string> = {
  IMI_BOT: "IMI BOT",
  OTHERS: "OTHERS",
  WEBHOOK: "CCSP webhook",
  BUILT_IN: "Built-in agent desk",
};

export function kindOfPlatform(platform: IntegrationPlatform): IntegrationKind {
  return platform === "IMI_BOT" || platform === "OTHERS" ? "BOT" : "CCSP";
}

export const MAX_NAME_LENGTH = 100;
export const MAX_URL_LENGTH = 2048;
export const MAX_TOKEN_LENGTH = 512;
/** Visible ASCII without spaces: tokens travel in HTTP headers (Bearer, X-Verification-Token). */
const TOKEN_PATTERN = /^[\x21-\x7e]+$/;

/** The words each platform's form uses for its URL and token fields (the words bot builders know them by). */
export const FIELD_LABELS: Record<WebhookPlatform, { url: string; token: string }> = {
  IMI_BOT: { url: "BOT's endpoint URL", token: "BOT's access token" },
  OTHERS: { url: "Webhook URL", token: "Verification Token" },
  WEBHOOK: { url: "Webhook URL", token: "Access token" },
};

export const integrationNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a name for the integration")
  .max(MAX_NAME_LENGTH, `Name must be at most ${MAX_NAME_LENGTH} characters`);

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

export function urlSchema(label = "Webhook URL") {
  return z
    .string()
    .trim()
    .min(1, `Enter the ${label}`)
    .max(MAX_URL_LENGTH, `${label} must be at most ${MAX_URL_LENGTH} characters`)
    .refine(isHttpUrl, `Enter a full http or https URL, such as https://bot.example.com/webhook`);
}

export function tokenSchema(label = "token") {
  return z
    .string()
    .trim()
    .min(1, `Enter the ${label}`)
    .max(MAX_TOKEN_LENGTH, `${label} must be at most ${MAX_TOKEN_LENGTH} characters`)
    .regex(TOKEN_PATTERN, `${label} must be letters, digits or symbols, without spaces`);
}

/** Edit form: an empty token keeps the stored one. */
export function optionalTokenSchema(label = "token") {
  return z.union([z.string().trim().length(0), tokenSchema(label)]).optional();
}

const webhookFields = (platform: WebhookPlatform) => ({
  name: integrationNameSchema,
  url: urlSchema(FIELD_LABELS[platform].url),
  token: tokenSchema(FIELD_LABELS[platform].token),
  signingDraft: signingDraftSchema,
});

/** The wizard's signing secret, sealed (signing-draft.ts): Verify and Save sign with it. */
const signingDraftSchema = z.string().min(1).max(8192).optional();

/** "Verify" in the OTHERS wizard, before anything is saved. */
export const verifyDraftSchema = z.object({
  url: urlSchema(FIELD_LABELS.OTHERS.url),
  token: tokenSchema(FIELD_LABELS.OTHERS.token),
  signingDraft: signingDraftSchema,
});
export type VerifyDraftInput = z.output<typeof verifyDraftSchema>;

export const createIntegrationSchema = z.discriminatedUnion("platform", [
  z.object({ platform: z.literal("IMI_BOT"), ...webhookFields("IMI_BOT") }),
  z.object({
    platform: z.literal("OTHERS"),
    ...webhookFields("OTHERS"),
    /** Proof, issued by "Verify", that this URL and token answered correctly. */
    verificationTicket: z.string().min(1, "Click Verify before saving").max(8192),
  }),
  z.object({ platform: z.literal("WEBHOOK"), ...webhookFields("WEBHOOK") }),
  z.object({ platform: z.literal("BUILT_IN"), name: integrationNameSchema }),
]);
export type CreateIntegrationInput = z.output<typeof createIntegrationSchema>;

export const integrationIdSchema = z.object({ id: z.string().min(1).max(64) });

const count = z.number().int().min(0);
/** "Delete with history": the counts the owner confirmed (they must still be the counts). */
export const deleteWithHistorySchema = integrationIdSchema.extend({
  confirm: z.object({ conversations: count, messages: count, deliveries: count }),
});

/** "3 conversations, 12 messages and 15 deliveries": what "Delete with history" removes. */
export function describeHistoryCounts(counts: { conversations: number; messages: number; deliveries: number }): string {
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  return `${n(counts.conversations, "conversation", "conversations")}, ${n(counts.messages, "message", "messages")} and ${n(counts.deliveries, "delivery", "deliveries")}`;
}

/** How long a rotated secret keeps working next to its replacement: none, 1 h or 24 h. */
export const GRACE_HOURS = [0, 1, 24] as const;
export type GraceHours = (typeof GRACE_HOURS)[number];
export const GRACE_LABELS: Record<GraceHours, string> = { 0: "None: it stops working at once", 1: "1 hour", 24: "24 hours" };

export const rotateSecretSchema = integrationIdSchema.extend({
  graceHours: z
    .union([z.literal(0), z.literal(1), z.literal(24)], { message: "The grace period is 0, 1 or 24 hours" })
    .default(0),
});
export type RotateSecretInput = z.output<typeof rotateSecretSchema>;

export const updateIntegrationSchema = z.object({
  id: z.string().min(1).max(64),
  name: integrationNameSchema,
  /** Ignored for the built-in agent desk. */
  url: urlSchema().optional(),
  token: optionalTokenSchema(),
  /** Events posted to the inbound webhook must carry a Standard Webhooks signature. Ignored for the built-in agent desk. */
  requireSignedEvents: z.boolean().optional(),
});
export type UpdateIntegrationInput = z.output<typeof updateIntegrationSchema>;
