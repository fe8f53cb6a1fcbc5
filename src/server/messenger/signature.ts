/**
 * Meta signs every webhook POST: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body,
 * keyed with the App secret>` (docs/messenger.md). Checked in constant time over the bytes as
 * received, before the body is parsed.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "x-hub-signature-256";

export function hubSignature(body: Uint8Array | string, appSecret: string): string {
  return `sha256=${createHmac("sha256", appSecret).update(body).digest("hex")}`;
}

export type SignatureCheck = { ok: true } | { ok: false; message: string };

export function checkHubSignature(header: string | null, body: Uint8Array, appSecret: string): SignatureCheck {
  if (!header) return { ok: false, message: "X-Hub-Signature-256 is missing: Meta signs every webhook POST with the App secret" };
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!match) return { ok: false, message: "X-Hub-Signature-256 must be sha256=<64 hex characters>" };
  const expected = createHmac("sha256", appSecret).update(body).digest();
  const presented = Buffer.from(match[1]!, "hex");
  if (!timingSafeEqual(expected, presented)) {
    return { ok: false, message: "X-Hub-Signature-256 does not match the body: check the channel's App secret" };
  }
  return { ok: true };
}
