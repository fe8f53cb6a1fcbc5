/**
 * A Messenger channel asset's settings, kept in ChannelAsset.settings (docs/messenger.md): the
 * Page's name and ID, its Page access token and the Meta app's App secret (both encrypted with
 * APP_ENCRYPTION_KEY, revealable to ADMIN+), and the Verify token the platform generated for
 * the webhook's verification GET.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { decryptStored, encryptStored } from "@/server/security/app-key";

export const storedMessengerSettingsSchema = z.object({
  pageId: z.string(),
  pageName: z.string(),
  pageAccessTokenEncrypted: z.string(),
  appSecretEncrypted: z.string(),
  verifyToken: z.string(),
});
export type StoredMessengerSettings = z.infer<typeof storedMessengerSettingsSchema>;

/** The settings of a MESSENGER asset, or null when the column holds something else (never for a MESSENGER row written here). */
export function readMessengerSettings(settings: unknown): StoredMessengerSettings | null {
  const parsed = storedMessengerSettingsSchema.safeParse(settings);
  return parsed.success ? parsed.data : null;
}

export interface MessengerSecrets {
  pageAccessToken: string;
  appSecret: string;
}

export function encryptMessengerSettings(input: { pageId: string; pageName: string } & MessengerSecrets, verifyToken = generateVerifyToken()): StoredMessengerSettings {
  return {
    pageId: input.pageId,
    pageName: input.pageName,
    pageAccessTokenEncrypted: encryptStored(input.pageAccessToken),
    appSecretEncrypted: encryptStored(input.appSecret),
    verifyToken,
  };
}

export function decryptMessengerSecrets(settings: StoredMessengerSettings): MessengerSecrets {
  return { pageAccessToken: decryptStored(settings.pageAccessTokenEncrypted), appSecret: decryptStored(settings.appSecretEncrypted) };
}

/** The token Meta's verification GET must present (`hub.verify_token`): random, URL-safe. */
export function generateVerifyToken(): string {
  return `sbvt_${randomBytes(24).toString("base64url")}`;
}

/** Constant-time comparison of two strings (lengths may differ). */
export function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented, "utf8");
  const b = Buffer.from(expected, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}
