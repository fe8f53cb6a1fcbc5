/**
 * The application's encryption key (APP_ENCRYPTION_KEY), parsed once per process, and keys
 * derived from it for other purposes so that one ciphertext can never pass for another kind.
 */
import { hkdfSync } from "node:crypto";
import { env } from "@/server/config/env";
import { decryptSecret, encryptSecret, parseEncryptionKey } from "@/server/security/encryption";

let cached: { raw: string; key: Buffer; ticketKey: Buffer; draftKey: Buffer } | undefined;

function keys() {
  const raw = env().APP_ENCRYPTION_KEY;
  if (cached?.raw !== raw) {
    const key = parseEncryptionKey(raw);
    const ticketKey = Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), "switchboard/verification-ticket/v1", 32));
    const draftKey = Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), "switchboard/signing-draft/v1", 32));
    cached = { raw, key, ticketKey, draftKey };
  }
  return cached;
}

/** Encrypts tokens and signing secrets stored in the database. */
export function appKey(): Buffer {
  return keys().key;
}

/** Seals verification tickets (see verification-ticket.ts); never used for stored data. */
export function ticketKey(): Buffer {
  return keys().ticketKey;
}

/** Seals the wizard's signing secret drafts (see signing-draft.ts); never used for stored data. */
export function draftKey(): Buffer {
  return keys().draftKey;
}

export const encryptStored = (plain: string) => encryptSecret(plain, appKey());
export const decryptStored = (stored: string) => decryptSecret(stored, appKey());
