/** The webhook URL policy comes from the environment: guard on in production, https required there. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { receiversClosedAfterEach } from "@/test/receivers-per-test";
import { expectTrpcError } from "@/test/trpc-errors";

/** Stand-ins for the bot or CCSP webhook, closed after each test. */
const bot = receiversClosedAfterEach({ path: "/bot/webhook" });

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

async function policyWith(vars: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
  vi.resetModules(); // env() parses once per module instance
  const { webhookUrlPolicy } = await import("@/server/net/outbound-options");
  return webhookUrlPolicy();
}

describe("webhookUrlPolicy", () => {
  it("outside production allows private addresses and plain http", async () => {
    expect(await policyWith({ NODE_ENV: "development", ALLOW_PRIVATE_WEBHOOK_URLS: undefined })).toEqual({
      allowPrivate: true,
      requireHttps: false,
    });
  });

  it("in production refuses private addresses and requires https", async () => {
    expect(await policyWith({ NODE_ENV: "production", ALLOW_PRIVATE_WEBHOOK_URLS: undefined, REQUIRE_HTTPS_WEBHOOK_URLS: undefined })).toEqual({
      allowPrivate: false,
      requireHttps: true,
    });
  });

  it("in production with private URLs allowed explicitly (end-to-end tests), plain http is allowed unless required", async () => {
    expect(await policyWith({ NODE_ENV: "production", ALLOW_PRIVATE_WEBHOOK_URLS: "true", REQUIRE_HTTPS_WEBHOOK_URLS: undefined })).toEqual({
      allowPrivate: true,
      requireHttps: false,
    });
    expect(await policyWith({ NODE_ENV: "production", ALLOW_PRIVATE_WEBHOOK_URLS: "true", REQUIRE_HTTPS_WEBHOOK_URLS: "true" })).toEqual({
      allowPrivate: true,
      requireHttps: true,
    });
  });
});

describe("with ALLOW_PRIVATE_WEBHOOK_URLS=false", () => {
  it("saving and Verify refuse a private address next to the URL field, and send nothing", async () => {
    vi.stubEnv("ALLOW_PRIVATE_WEBHOOK_URLS", "false");
    vi.resetModules();
    const { organization: freshOrganization } = await import("@/test/organization");
    const org = await freshOrganization();
    const standIn = await bot({ status: 200, body: "tok" });

    for (const attempt of [
      () => org.caller.integration.create({ platform: "IMI_BOT", name: "Local", url: standIn.url, token: "t" }),
      () => org.caller.integration.verifyDraft({ url: standIn.url, token: "tok" }),
      () => org.caller.integration.verifyDraft({ url: "http://169.254.169.254/latest/meta-data", token: "tok" }),
      () => org.caller.integration.verifyDraft({ url: "http://[::ffff:127.0.0.1]/hook", token: "tok" }),
    ]) {
      const error = await expectTrpcError(attempt(), "BAD_REQUEST");
      expect(error.message).toBe("URL points to a private or loopback address");
      expect((error.cause as { field?: string }).field).toBe("url");
    }
    expect(standIn.requests).toHaveLength(0);
  });
});
