import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Standard Webhooks signatures (docs/protocol.md, "Signatures"): HMAC-SHA256 over
 * "<id>.<unix seconds>.<body>", keyed with the base64-decoded part of a `whsec_` secret.
 */

export type WebhookSignatureHeaders = {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
};

export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

export const DEFAULT_TOLERANCE_SECONDS = 300;

/**
 * Signs with every secret given (at most a handful: the current one and, during a rotation's
 * overlap, the one it replaces): `webhook-signature` is then a space-separated list, as the
 * spec allows, and a receiver holding either secret accepts the request.
 */
export function signWebhook(args: { id: string; timestamp: Date; body: string; secret: string | readonly string[] }): WebhookSignatureHeaders {
  const seconds = String(Math.floor(args.timestamp.getTime() / 1000));
  const secrets = typeof args.secret === "string" ? [args.secret] : args.secret;
  return {
    "webhook-id": args.id,
    "webhook-timestamp": seconds,
    "webhook-signature": secrets.map((secret) => `v1,${hmac(secret, args.id, seconds, args.body).toString("base64")}`).join(" "),
  };
}

/** What is wrong with a signed request, in words for the sender, and the header at fault. */
export type WebhookCheck = { ok: true; id: string } | { ok: false; header: keyof WebhookSignatureHeaders; reason: string };

/**
 * Checks a signed request: one of the `v1,` signatures must match one of the secrets, and the
 * timestamp must be within the tolerance either way. Says what is wrong when it is not.
 */
export function checkWebhook(args: {
  headers: HeaderSource;
  body: string;
  secret: string | readonly string[];
  toleranceSeconds?: number;
  now?: Date;
}): WebhookCheck {
  const id = header(args.headers, "webhook-id");
  const timestamp = header(args.headers, "webhook-timestamp");
  const signatures = header(args.headers, "webhook-signature");
  if (!id) return { ok: false, header: "webhook-id", reason: "Send the webhook-id header (a unique ID for this message)" };
  if (!timestamp) return { ok: false, header: "webhook-timestamp", reason: "Send the webhook-timestamp header (Unix seconds)" };
  if (!signatures) return { ok: false, header: "webhook-signature", reason: "Send the webhook-signature header (v1,<base64 HMAC-SHA256>)" };
  if (!/^\d{1,15}$/.test(timestamp)) return { ok: false, header: "webhook-timestamp", reason: "webhook-timestamp must be Unix seconds" };

  const tolerance = args.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const nowSeconds = Math.floor((args.now ?? new Date()).getTime() / 1000);
  // A timestamp far in the future is refused too: otherwise a captured request stays valid longer.
  if (Math.abs(nowSeconds - Number(timestamp)) > tolerance) {
    return { ok: false, header: "webhook-timestamp", reason: `webhook-timestamp is more than ${tolerance} seconds away from the current time` };
  }

  const secrets = typeof args.secret === "string" ? [args.secret] : args.secret;
  const expected = secrets.map((secret) => hmac(secret, id, timestamp, args.body));
  let matched = false;
  for (const entry of signatures.split(" ")) {
    const [version, value] = entry.split(",", 2);
    if (version !== "v1" || !value) continue;
    const candidate = Buffer.from(value, "base64");
    // Check every candidate (no early exit) so timing does not reveal which one matched.
    for (const want of expected) if (candidate.length === want.length && timingSafeEqual(candidate, want)) matched = true;
  }
  return matched
    ? { ok: true, id }
    : { ok: false, header: "webhook-signature", reason: "webhook-signature does not match: sign \"<webhook-id>.<webhook-timestamp>.<body>\" with the integration's signing secret" };
}

/** True when one of the `v1,` signatures matches and the timestamp is within the tolerance either way. */
export function verifyWebhook(args: {
  headers: HeaderSource;
  body: string;
  secret: string | readonly string[];
  toleranceSeconds?: number;
  now?: Date;
}): boolean {
  return checkWebhook(args).ok;
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
