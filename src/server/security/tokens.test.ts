import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  generateChallenge,
  generateInboundSecret,
  generateSigningSecret,
  hashSecret,
  secretMatchesHash,
} from "@/server/security/tokens";

describe("generateInboundSecret", () => {
  it("is sbin_ + base64url of 32 random bytes", () => {
    const secret = generateInboundSecret();
    expect(secret).toMatch(/^sbin_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret.slice(5), "base64url")).toHaveLength(32);
  });

  it("is different every time", () => {
    const secrets = new Set(Array.from({ length: 100 }, generateInboundSecret));
    expect(secrets.size).toBe(100);
  });
});

describe("hashSecret / secretMatchesHash", () => {
  it("is SHA-256 hex", () => {
    expect(hashSecret("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hashSecret("sbin_x")).toBe(createHash("sha256").update("sbin_x").digest("hex"));
  });

  it("matches the secret it was computed from", () => {
    const secret = generateInboundSecret();
    const hash = hashSecret(secret);
    expect(secretMatchesHash(secret, hash)).toBe(true);
    expect(secretMatchesHash(secret, hash.toUpperCase())).toBe(true);
  });

  it("does not match another secret or a malformed hash", () => {
    const secret = generateInboundSecret();
    const hash = hashSecret(secret);
    expect(secretMatchesHash(generateInboundSecret(), hash)).toBe(false);
    expect(secretMatchesHash(secret + "x", hash)).toBe(false);
    expect(secretMatchesHash(secret, "")).toBe(false);
    expect(secretMatchesHash(secret, hash.slice(0, 62))).toBe(false);
    expect(secretMatchesHash(secret, hash + "00")).toBe(false);
    expect(secretMatchesHash(secret, "zz" + hash.slice(2))).toBe(false);
  });
});

describe("generateSigningSecret", () => {
  it("is whsec_ + base64 of 32 random bytes", () => {
    const secret = generateSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), "base64")).toHaveLength(32);
    expect(generateSigningSecret()).not.toBe(secret);
  });
});

describe("generateChallenge", () => {
  it("is a URL-safe random string", () => {
    const challenge = generateChallenge();
    expect(challenge).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(generateChallenge()).not.toBe(challenge);
  });
});
