// The callback URL follows the environment's policy: with ALLOW_PRIVATE_WEBHOOK_URLS off (the
// production default), private, loopback and metadata addresses are refused.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { expectTrpcError, fieldOf } from "@/test/trpc-errors";
import { callerFor, createOwner } from "@/test/factories";

describe("HTTP channel callback URL with private addresses disallowed", () => {
  // env() is read on first use and this file's modules are fresh: stub before anything reads it.
  beforeAll(() => {
    vi.stubEnv("ALLOW_PRIVATE_WEBHOOK_URLS", "false");
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  it("refuses loopback, private and link-local addresses, on create and on edit", async () => {
    const owner = await createOwner();
    const { caller } = await callerFor(owner.userId);
    for (const callbackUrl of ["http://127.0.0.1:8080/cb", "http://10.1.2.3/cb", "http://169.254.169.254/latest", "http://[::1]/cb", "http://0x7f.1/cb"]) {
      const error = await expectTrpcError(caller.channel.create({ type: "HTTP", name: "Provider", callbackUrl }), "BAD_REQUEST", "URL points to a private or loopback address");
      expect(fieldOf(error)).toBe("callbackUrl");
    }
    const { asset } = await caller.channel.create({ type: "HTTP", name: "Provider", callbackUrl: "https://93.184.215.14/cb" });
    await expectTrpcError(caller.channel.update({ id: asset.id, callbackUrl: "http://192.168.1.10/cb" }), "BAD_REQUEST", "URL points to a private or loopback address");
  });
});
