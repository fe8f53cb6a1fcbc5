/**
 * Standard Webhooks (https://www.standardwebhooks.com) verification, as a receiver does it:
 * HMAC-SHA256 over "<webhook-id>.<webhook-timestamp>.<raw body>" keyed with the base64 part of
 * the `whsec_` secret; `webhook-signature` lists one or more "v1,<base64>" separated by spaces.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { signingKey } from "./config";

/** Requests older (or newer) than this are refused, so a captured request cannot be replayed later. */
export const TOLERANCE_SECONDS = 300;

export type SignatureCheck = { ok: true; webhookId: string } | { ok: false; reason: string };

export function verifySignature(headers: IncomingHttpHeaders, rawBody: string, secret: string, now = new Date()): SignatureCheck {
  const id = single(headers["webhook-id"]);
  const timestamp = single(headers["webhook-timestamp"]);
  const signatures = single(headers["webhook-signature"]);
  if (!id || !timestamp || !signatures) return { ok: false, reason: "missing webhook-id, webhook-timestamp or webhook-signature" };
  if (!/^\d{1,15}$/.test(timestamp)) return { ok: false, reason: "webhook-timestamp is not a number of seconds" };
  if (Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp)) > TOLERANCE_SECONDS) {
    return { ok: false, reason: "webhook-timestamp is too far from now" };
  }
  const expected = createHmac("sha256", signingKey(secret)).update(`${id}.${timestamp}.${rawBody}`, "utf8").digest();
  let matched = false;
  for (const entry of signatures.split(" ")) {
    const [version, value] = entry.split(",", 2);
    if (version !== "v1" || !value) continue;
    const candidate = Buffer.from(value, "base64");
    if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) matched = true;
  }
  return matched ? { ok: true, webhookId: id } : { ok: false, reason: "no signature matches" };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(" ") : value;
}
