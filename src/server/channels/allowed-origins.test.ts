import { describe, expect, it } from "vitest";
import { normalizeAllowedOrigins, normalizeOrigin } from "@/server/channels/allowed-origins";
import { DomainError } from "@/server/errors";

describe("normalizeOrigin", () => {
  it("keeps scheme, host and non-default port, lower-cased", () => {
    expect(normalizeOrigin("https://Shop.Example.com/")).toEqual({ ok: true, origin: "https://shop.example.com" });
    expect(normalizeOrigin(" http://localhost:3000 ")).toEqual({ ok: true, origin: "http://localhost:3000" });
    expect(normalizeOrigin("https://shop.example.com:443")).toEqual({ ok: true, origin: "https://shop.example.com" });
  });

  it("refuses paths, queries, fragments, credentials, other schemes and junk", () => {
    for (const raw of ["https://a.example/path", "https://a.example/?q=1", "https://a.example/#x", "https://u:p@a.example", "javascript:alert(1)", "a.example", "*"]) {
      expect(normalizeOrigin(raw).ok, raw).toBe(false);
    }
  });
});

describe("normalizeAllowedOrigins", () => {
  it("de-duplicates after normalizing and names the first bad entry", () => {
    expect(normalizeAllowedOrigins(["https://a.example", "https://A.example/"])).toEqual(["https://a.example"]);
    try {
      normalizeAllowedOrigins(["https://a.example", "nope"]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).field).toBe("allowedOrigins.1");
    }
  });
});
