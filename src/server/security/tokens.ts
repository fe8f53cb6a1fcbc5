import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Random secrets the platform issues. Inbound secrets are stored only as hashes; because they
 * carry 256 random bits, a fast hash (SHA-256) is enough: there is nothing to brute-force.
 */

export const INBOUND_SECRET_PREFIX = "sbin_";
export const SIGNING_SECRET_PREFIX = "whsec_";
export const CHANNEL_SECRET_PREFIX = "sbch_";

/** Secret a bot or CCSP presents on the generated inbound webhook. Shown once. */
export function generateInboundSecret(): string {
  return INBOUND_SECRET_PREFIX + randomBytes(32).toString("base64url");
}

/** Secret an HTTP channel presents on the channel API. Shown once, stored only as a hash. */
export function generateChannelSecret(): string {
  return CHANNEL_SECRET_PREFIX + randomBytes(32).toString("base64url");
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export function secretMatchesHash(secret: string, hash: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(hash)) return false;
  const expected = Buffer.from(hash, "hex");
  const actual = createHash("sha256").update(secret, "utf8").digest();
  return timingSafeEqual(actual, expected);
}

/** Standard Webhooks signing secret: `whsec_` + base64 of 32 random bytes. */
export function generateSigningSecret(): string {
  return SIGNING_SECRET_PREFIX + randomBytes(32).toString("base64");
}

/** Random value a receiver must echo back during verification. */
export function generateChallenge(): string {
  return randomBytes(24).toString("base64url");
}
