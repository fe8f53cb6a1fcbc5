import { describe, expect, it } from "vitest";
import { normalizeAllowedOrigins } from "@/server/channels/allowed-origins";
import { frameAncestorSources, frameAncestorsPolicy } from "@/server/channels/frame-ancestors";

describe("frameAncestorsPolicy", () => {
  it("lets the platform itself and the allowed origins frame the chat, in order", () => {
    expect(frameAncestorsPolicy(["https://shop.example", "http://localhost:3000"])).toBe("frame-ancestors 'self' https://shop.example http://localhost:3000");
  });

  it("with no allowed origins, lets any web site frame it (and 'self')", () => {
    expect(frameAncestorsPolicy([])).toBe("frame-ancestors 'self' *");
  });

  it("accepts what normalizeAllowedOrigins stores", () => {
    const stored = normalizeAllowedOrigins(["https://Shop.Example/", "https://shop.example:8443", "http://127.0.0.1:8080", "https://bücher.example"]);
    expect(frameAncestorSources(stored)).toEqual(["'self'", ...stored]);
  });

  it("leaves out anything that is not a plain origin, and never widens to * because of that", () => {
    const tampered = ["https://a.example; script-src *", "https://b.example https://evil.example", "*", "'none'", "https://c.example/path", "null", ""];
    expect(frameAncestorsPolicy(tampered)).toBe("frame-ancestors 'self'");
    expect(frameAncestorsPolicy(["https://ok.example", "https://x.example,https://y.example"])).toBe("frame-ancestors 'self' https://ok.example");
  });

  it("lists an origin once", () => {
    expect(frameAncestorSources(["https://shop.example", "https://shop.example"])).toEqual(["'self'", "https://shop.example"]);
  });
});
