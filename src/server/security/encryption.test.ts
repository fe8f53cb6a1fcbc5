import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, parseEncryptionKey } from "@/server/security/encryption";

const key = randomBytes(32);

/** Flips one bit in the decoded bytes of part `index` of a stored value. */
function tamper(stored: string, index: number): string {
  const parts = stored.split(".");
  const bytes = Buffer.from(parts[index] ?? "", "base64url");
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  parts[index] = bytes.toString("base64url");
  return parts.join(".");
}

describe("encryptSecret / decryptSecret", () => {
  it.each(["bot-access-token-123", "", "ünïcödé ✓ 🔑", "x".repeat(10_000)])("round-trips %#", (plain) => {
    const stored = encryptSecret(plain, key);
    expect(decryptSecret(stored, key)).toBe(plain);
  });

  it("writes v1.<iv>.<tag>.<ciphertext> in base64url with a 12-byte IV and a 16-byte tag", () => {
    const stored = encryptSecret("hello", key);
    const [version, iv, tag, ciphertext] = stored.split(".");
    expect(version).toBe("v1");
    expect(Buffer.from(iv ?? "", "base64url")).toHaveLength(12);
    expect(Buffer.from(tag ?? "", "base64url")).toHaveLength(16);
    expect(Buffer.from(ciphertext ?? "", "base64url")).toHaveLength(5);
    expect(stored).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/);
  });

  it("uses a fresh IV each time", () => {
    expect(encryptSecret("same", key)).not.toBe(encryptSecret("same", key));
  });

  it.each([
    [1, "IV"],
    [2, "tag"],
    [3, "ciphertext"],
  ])("detects a tampered %s (part %s)", (index) => {
    const stored = tamper(encryptSecret("secret value", key), index);
    expect(() => decryptSecret(stored, key)).toThrow("Could not decrypt secret: wrong key or tampered data");
  });

  it("fails with the wrong key", () => {
    const stored = encryptSecret("secret value", key);
    expect(() => decryptSecret(stored, randomBytes(32))).toThrow("wrong key or tampered data");
  });

  it.each(["", "garbage", "v2.a.b.c", "v1.a.b", "v1.AAAA.AAAA.AAAA"])("refuses malformed stored value %j", (stored) => {
    expect(() => decryptSecret(stored, key)).toThrow(/unknown format/);
  });

  it("refuses a key that is not 32 bytes", () => {
    expect(() => encryptSecret("x", randomBytes(16))).toThrow("Encryption key must be 32 bytes, got 16");
    expect(() => decryptSecret("v1.a.b.c", randomBytes(31))).toThrow("Encryption key must be 32 bytes, got 31");
  });
});

describe("parseEncryptionKey", () => {
  it("accepts 64 hex characters", () => {
    expect(parseEncryptionKey(key.toString("hex")).equals(key)).toBe(true);
    expect(parseEncryptionKey(key.toString("hex").toUpperCase()).equals(key)).toBe(true);
  });

  it("accepts base64 and base64url of 32 bytes, padded or not, with surrounding whitespace", () => {
    const b64 = key.toString("base64");
    expect(parseEncryptionKey(b64).equals(key)).toBe(true);
    expect(parseEncryptionKey(b64.replace(/=+$/, "")).equals(key)).toBe(true);
    expect(parseEncryptionKey(` ${key.toString("base64url")}\n`).equals(key)).toBe(true);
  });

  it.each([
    ["empty", ""],
    ["too short hex", "ab".repeat(31)],
    ["too long hex", "ab".repeat(33)],
    ["non-hex 64 chars", "zz".repeat(32)],
    ["base64 of 16 bytes", randomBytes(16).toString("base64")],
    ["base64 of 48 bytes", randomBytes(48).toString("base64")],
    ["passphrase", "correct horse battery staple"],
  ])("refuses %s", (_label, raw) => {
    expect(() => parseEncryptionKey(raw)).toThrow(/^Encryption key must be 32 bytes, written as 64 hex characters or as base64/);
  });

  it("does not echo the rejected value", () => {
    const raw = "my-secret-but-wrong-key";
    let message = "";
    try {
      parseEncryptionKey(raw);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^Encryption key must be/);
    expect(message).not.toContain(raw);
  });
});
