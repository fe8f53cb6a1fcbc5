import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Standard Webhooks (https://www.standardwebhooks.com) signatures: HMAC-SHA256 over
 * "<id>.<unix seconds>.<body>", keyed with the base64-decoded part of a `whsec_` secret.
 */

export type WebhookSignatureHeaders = {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
};

export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

export const DEFAULT_TOLERANCE_SECONDS = 300;

export function signWebhook(args: { id: string; timestamp: Date; body: string; secret: string }): WebhookSignatureHeaders {
  const seconds = String(Math.floor(args.timestamp.getTime() / 1000));
  return {
    "webhook-id": args.id,
    "webhook-timestamp": seconds,
    "webhook-signature": `v1,${hmac(args.secret, args.id, seconds, args.body).toString("base64")}`,
  };
}

/** True when one of the `v1,` signatures matches and the timestamp is within the tolerance either way. */
export function verifyWebhook(args: {
  headers: HeaderSource;
  body: string;
  secret: string;
  toleranceSeconds?: number;
  now?: Date;
}): boolean {
  const id = header(args.headers, "webhook-id");
  const timestamp = header(args.headers, "webhook-timestamp");
  const signatures = header(args.headers, "webhook-signature");
  if (!id || !timestamp || !signatures || !/^\d{1,15}$/.test(timestamp)) return false;

  const nowSeconds = Math.floor((args.now ?? new Date()).getTime() / 1000);
  // A timestamp far in the future is refused too: otherwise a captured request stays valid longer.
  if (Math.abs(nowSeconds - Number(timestamp)) > (args.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return false;

  const expected = hmac(args.secret, id, timestamp, args.body);
  let matched = false;
  for (const entry of signatures.split(" ")) {
    const [version, value] = entry.split(",", 2);
    if (version !== "v1" || !value) continue;
    const candidate = Buffer.from(value, "base64");
    // Check every candidate (no early exit) so timing does not reveal which one matched.
    if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) matched = true;
  }
  return matched;
}

function hmac(secret: string, id: string, seconds: string, body: string): Buffer {
  return createHmac("sha256", signingKey(secret)).update(`${id}.${seconds}.${body}`, "utf8").digest();
}

function signingKey(secret: string): Buffer {
  const encoded = secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret;
  const key = Buffer.from(encoded, "base64");
  if (key.length === 0) throw new Error("Webhook signing secret is empty or not base64");
  return key;
}

function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof Headers !== "undefined" && headers instanceof Headers) return headers.get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value.join(" ") : value;
}
