import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Encrypts secrets stored in the database (bot tokens, signing secrets) with AES-256-GCM.
 * Stored form: `v1.<iv>.<tag>.<ciphertext>`, each part base64url; the version prefix lets a
 * later format or key rotation coexist with rows written today.
 */

const VERSION = "v1";
const IV_BYTES = 12; // the size GCM is designed for
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export function encryptSecret(plain: string, key: Buffer): string {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, ...[iv, tag, ciphertext].map((part) => part.toString("base64url"))].join(".");
}

export function decryptSecret(stored: string, key: Buffer): string {
  assertKey(key);
  const parts = stored.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) {
    throw new Error("Encrypted secret has an unknown format (expected v1.<iv>.<tag>.<ciphertext>)");
  }
  const [iv, tag, ciphertext] = parts.slice(1).map((part) => Buffer.from(part, "base64url")) as [Buffer, Buffer, Buffer];
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new Error("Encrypted secret has an unknown format (bad IV or tag length)");
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    throw new Error("Could not decrypt secret: wrong key or tampered data");
  }
}

/** Accepts 64 hex characters or base64/base64url of exactly 32 bytes (e.g. `openssl rand -base64 32`). */
export function parseEncryptionKey(raw: string): Buffer {
  const text = raw.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, "hex");
  if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(text)) {
    const key = Buffer.from(text, text.includes("-") || text.includes("_") ? "base64url" : "base64");
    if (key.length === KEY_BYTES) return key;
  }
  // Never echo the value: it may be a real key with a typo.
  throw new Error(
    "Encryption key must be 32 bytes, written as 64 hex characters or as base64 (generate one with `openssl rand -base64 32`)",
  );
}

function assertKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new Error(`Encryption key must be ${KEY_BYTES} bytes, got ${key.length}`);
}
