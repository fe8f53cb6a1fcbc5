import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhook } from "@/server/webhooks/standard-webhooks";

const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const timestamp = new Date(1614265330 * 1000);
const body = '{"test": 2432232314}';

/** Reference computation written straight from the spec, independent of the module. */
function referenceSignature(msgId: string, seconds: number, payload: string, whsec: string): string {
  const key = Buffer.from(whsec.replace(/^whsec_/, ""), "base64");
  return "v1," + createHmac("sha256", key).update(`${msgId}.${seconds}.${payload}`).digest("base64");
}

describe("signWebhook", () => {
  it("matches the Standard Webhooks reference vector", () => {
    expect(signWebhook({ id, timestamp, body, secret })).toEqual({
      "webhook-id": id,
      "webhook-timestamp": "1614265330",
      "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    });
  });

  it("matches an independent HMAC computation, with unicode and sub-second timestamps", () => {
    const otherSecret = "whsec_" + Buffer.from("a-32-byte-signing-key-for-tests!").toString("base64");
    const payload = JSON.stringify({ Message: "héllo ✓", Event: "Incoming message" });
    const when = new Date("2026-01-05T03:04:05.999Z"); // seconds are floored, not rounded
    const seconds = Math.floor(when.getTime() / 1000);
    expect(signWebhook({ id: "dlv_1", timestamp: when, body: payload, secret: otherSecret })).toEqual({
      "webhook-id": "dlv_1",
      "webhook-timestamp": String(seconds),
      "webhook-signature": referenceSignature("dlv_1", seconds, payload, otherSecret),
    });
  });
});

describe("verifyWebhook", () => {
  const now = new Date(1614265330 * 1000 + 10_000);
  const headers = signWebhook({ id, timestamp, body, secret });

  it("accepts a valid signature", () => {
    expect(verifyWebhook({ headers, body, secret, now })).toBe(true);
  });

  it("reads headers case-insensitively, from a plain object or a Fetch Headers", () => {
    const upper = {
      "Webhook-Id": headers["webhook-id"],
      "Webhook-Timestamp": headers["webhook-timestamp"],
      "Webhook-Signature": headers["webhook-signature"],
    };
    expect(verifyWebhook({ headers: upper, body, secret, now })).toBe(true);
    expect(verifyWebhook({ headers: new Headers(upper), body, secret, now })).toBe(true);
  });

  it("accepts any one of several space-separated signatures", () => {
    const rotated = {
      ...headers,
      "webhook-signature": `v1,${Buffer.alloc(32).toString("base64")} v1a,ignored ${headers["webhook-signature"]}`,
    };
    expect(verifyWebhook({ headers: rotated, body, secret, now })).toBe(true);
  });

  it("refuses a tampered body, id, timestamp or signature", () => {
    expect(verifyWebhook({ headers, body: body.replace("2432", "2433"), secret, now })).toBe(false);
    expect(verifyWebhook({ headers: { ...headers, "webhook-id": "msg_other" }, body, secret, now })).toBe(false);
    expect(verifyWebhook({ headers: { ...headers, "webhook-timestamp": "1614265331" }, body, secret, now })).toBe(false);
    const flipped = headers["webhook-signature"].replace("g0hM", "g0hN");
    expect(verifyWebhook({ headers: { ...headers, "webhook-signature": flipped }, body, secret, now })).toBe(false);
  });

  it("refuses a signature made with another secret", () => {
    const other = "whsec_" + Buffer.alloc(32, 7).toString("base64");
    expect(verifyWebhook({ headers, body, secret: other, now })).toBe(false);
  });

  it("refuses stale and future timestamps beyond the tolerance", () => {
    const at = (offsetSeconds: number) => new Date(timestamp.getTime() + offsetSeconds * 1000);
    expect(verifyWebhook({ headers, body, secret, now: at(300) })).toBe(true);
    expect(verifyWebhook({ headers, body, secret, now: at(301) })).toBe(false);
    expect(verifyWebhook({ headers, body, secret, now: at(-301) })).toBe(false);
    expect(verifyWebhook({ headers, body, secret, now: at(301), toleranceSeconds: 600 })).toBe(true);
  });

  it("refuses missing or malformed headers", () => {
    const unsigned: Record<string, string> = { ...headers };
    delete unsigned["webhook-signature"];
    expect(verifyWebhook({ headers: unsigned, body, secret, now })).toBe(false);
    expect(verifyWebhook({ headers: { ...headers, "webhook-timestamp": "soon" }, body, secret, now })).toBe(false);
    expect(verifyWebhook({ headers: { ...headers, "webhook-signature": "" }, body, secret, now })).toBe(false);
    const wrongVersion = headers["webhook-signature"].replace("v1,", "v2,");
    expect(verifyWebhook({ headers: { ...headers, "webhook-signature": wrongVersion }, body, secret, now })).toBe(false);
  });
});
