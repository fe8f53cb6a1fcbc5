import { describe, expect, it } from "vitest";
import { checkWebhookUrl, MAX_WEBHOOK_URL_LENGTH } from "@/server/net/url-policy";

const strict = { allowPrivate: false, requireHttps: true };
const lax = { allowPrivate: true, requireHttps: false };
const publicHttp = { allowPrivate: false, requireHttps: false };

describe("checkWebhookUrl", () => {
  it.each([
    ["https://bot.example.com/webhook", strict],
    ["https://bot.example.com:8443/hook?tenant=1#frag", strict],
    ["https://93.184.215.14/hook", strict],
    ["https://[2606:4700:4700::1111]/hook", strict],
    ["http://bot.example.com/webhook", publicHttp],
    ["http://127.0.0.1:3000/hook", lax],
    ["http://[::1]:3000/hook", lax],
    ["http://localhost:3000/hook", lax],
    // Host names are not resolved here: the connect-time lookup refuses them.
    ["https://localhost/hook", strict],
  ] as const)("accepts %s", (raw, policy) => {
    const result = checkWebhookUrl(raw, policy);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.url.href).toBe(new URL(raw).href);
  });

  it.each([
    ["not a url", strict, "URL is not valid"],
    ["", strict, "URL is not valid"],
    ["/relative/path", strict, "URL is not valid"],
    ["http://bot.example.com/hook", strict, "URL must use https"],
    ["ftp://bot.example.com/hook", strict, "URL must use https"],
    ["ftp://bot.example.com/hook", lax, "URL must use http or https"],
    ["file:///etc/passwd", lax, "URL must use http or https"],
    ["javascript:alert(1)", lax, "URL must use http or https"],
    ["https://user:pass@bot.example.com/hook", strict, "URL must not contain a username or password"],
    ["https://user@bot.example.com/hook", strict, "URL must not contain a username or password"],
    ["https://127.0.0.1/hook", strict, "URL points to a private or loopback address"],
    ["https://10.1.2.3/hook", strict, "URL points to a private or loopback address"],
    ["https://169.254.169.254/latest/meta-data", strict, "URL points to a private or loopback address"],
    ["https://[::1]/hook", strict, "URL points to a private or loopback address"],
    ["https://[fd00:ec2::254]/hook", strict, "URL points to a private or loopback address"],
    ["https://[::ffff:7f00:1]/hook", strict, "URL points to a private or loopback address"],
    ["https://[::ffff:127.0.0.1]/hook", strict, "URL points to a private or loopback address"],
    // Alternative IPv4 spellings are normalised by the URL parser and still caught.
    ["https://2130706433/hook", strict, "URL points to a private or loopback address"],
    ["https://0x7f.1/hook", strict, "URL points to a private or loopback address"],
    ["https://0177.0.0.1/hook", strict, "URL points to a private or loopback address"],
    ["https://0/hook", strict, "URL points to a private or loopback address"],
  ] as const)("refuses %s", (raw, policy, reason) => {
    expect(checkWebhookUrl(raw, policy)).toEqual({ ok: false, reason });
  });

  it("refuses URLs longer than the limit and accepts one at the limit", () => {
    const base = "https://bot.example.com/";
    const atLimit = base + "a".repeat(MAX_WEBHOOK_URL_LENGTH - base.length);
    expect(checkWebhookUrl(atLimit, strict).ok).toBe(true);
    expect(checkWebhookUrl(atLimit + "a", strict)).toEqual({
      ok: false,
      reason: "URL is too long (at most 2048 characters)",
    });
  });
});
