/**
 * The platform's rules for talking to a receiver (a bot, a CCSP, an HTTP channel's callback),
 * used by every delivery attempt and by Verify (docs/delivery.md):
 * - the request: Standard Webhooks signature, and `Authorization: Bearer` unless OTHERS;
 * - the verdict: a 2xx that, for OTHERS, carries the verification token (as the plain-text body,
 *   the JSON field `verificationToken` or the `X-Verification-Token` header);
 * - the outcome of a failure: retried, refused at once, or the receiver is gone.
 */
import type { OutboundResult } from "@/server/net/outbound-http";
import { signWebhook } from "@/server/webhooks/standard-webhooks";

/** An integration's platform, or HTTP_CALLBACK for an HTTP channel's callback URL. */
export type ReceiverPlatform = "IMI_BOT" | "OTHERS" | "WEBHOOK" | "BUILT_IN" | "HTTP_CALLBACK";

/**
 * Signature headers always; the token as Bearer except for OTHERS, who must echo it instead.
 * During a signing secret rotation's overlap the request carries both signatures (the caller
 * passes the previous secret only while it is valid), each HMAC computed once.
 */
export function receiverHeaders(args: {
  id: string;
  at: Date;
  body: string;
  signingSecret: string | null;
  previousSigningSecret?: string | null;
  platform: ReceiverPlatform;
  token: string | null;
}): Record<string, string> {
  const headers: Record<string, string> = {};
  if (args.signingSecret) {
    const secret = args.previousSigningSecret ? [args.signingSecret, args.previousSigningSecret] : args.signingSecret;
    Object.assign(headers, signWebhook({ id: args.id, timestamp: args.at, body: args.body, secret }));
  }
  if (args.token && args.platform !== "OTHERS" && args.platform !== "HTTP_CALLBACK") headers.authorization = `Bearer ${args.token}`;
  return headers;
}

/** The token an OTHERS receiver must send back; nothing is expected of the others. */
export const expectationsFor = (platform: ReceiverPlatform, token: string | null): { verificationToken?: string } =>
  platform === "OTHERS" && token !== null ? { verificationToken: token } : {};

export type ReceiverVerdict = { ok: true; status: number } | { ok: false; reason: string; status?: number };

export const MISSING_TOKEN_REASON = "the response did not carry the verification token";
/** How much of a failing response's body a reason quotes. */
export const REASON_BODY_CHARS = 200;

export function judgeReceiverResponse(result: OutboundResult, expect: { verificationToken?: string } = {}): ReceiverVerdict {
  if (!result.ok) return { ok: false, reason: result.error.message, status: result.status };
  const { status } = result;
  if (status < 200 || status > 299) return { ok: false, reason: describeStatus(status, result.bodyStart), status };
  if (expect.verificationToken !== undefined && !carriesVerificationToken(result, expect.verificationToken)) {
    return { ok: false, reason: MISSING_TOKEN_REASON, status };
  }
  return { ok: true, status };
}

export function carriesVerificationToken(
  response: { headers: Record<string, string>; bodyStart: string },
  token: string,
): boolean {
  if (token === "") return false;
  if (response.headers["x-verification-token"]?.trim() === token) return true;
  const body = response.bodyStart.trim();
  if (body === token) return true;
  if (body.startsWith("{")) {
    try {
      const parsed: unknown = JSON.parse(body);
      const field = (parsed as { verificationToken?: unknown }).verificationToken;
      return typeof field === "string" && field.trim() === token;
    } catch {
      return false;
    }
  }
  return false;
}

/** "HTTP 500: <start of the body>", one line, at most REASON_BODY_CHARS characters of it. */
export function describeStatus(status: number, bodyStart: string): string {
  const redirect = status >= 300 && status <= 399 ? " (redirects are not followed)" : "";
  const body = bodyStart.replace(/\s+/g, " ").trim();
  if (body === "") return `HTTP ${status}${redirect} with an empty body`;
  const chars = Array.from(body); // never cut a character in half
  const start = chars.length > REASON_BODY_CHARS ? `${chars.slice(0, REASON_BODY_CHARS).join("")}…` : body;
  return `HTTP ${status}${redirect}: ${start}`;
}

/**
 * What a failed attempt means for the delivery (docs/protocol.md, "How an answer is read"):
 * - RETRY: 5xx, 3xx (never followed), 408, 409, 425, 429, timeouts, network and TLS errors, a
 *   missing verification token; `Retry-After` (429 or 503) says when the next try may go at the
 *   earliest.
 * - REFUSED: any other 4xx: the receiver refused this delivery, which is FAILED at once.
 * - GONE: 410: the receiver is gone for good, and its integration is made INACTIVE at once.
 */
export type FailureClass = { kind: "RETRY"; retryAfterMs?: number } | { kind: "REFUSED" } | { kind: "GONE" };

const RETRYABLE_4XX = new Set([408, 409, 425, 429]);

export function classifyFailure(result: OutboundResult, now = new Date()): FailureClass {
  const status = result.status;
  if (!result.ok || status === undefined || status < 400 || status > 499) {
    if (status === 503 && result.ok) return withRetryAfter(result.headers["retry-after"], now);
    return { kind: "RETRY" };
  }
  if (status === 410) return { kind: "GONE" };
  if (status === 429) return withRetryAfter(result.headers["retry-after"], now);
  return RETRYABLE_4XX.has(status) ? { kind: "RETRY" } : { kind: "REFUSED" };
}

function withRetryAfter(header: string | undefined, now: Date): FailureClass {
  const retryAfterMs = parseRetryAfter(header, now);
  return retryAfterMs === undefined ? { kind: "RETRY" } : { kind: "RETRY", retryAfterMs };
}

/** `Retry-After` as delay-seconds or an HTTP date (RFC 9110, 10.2.3); undefined when absent or unreadable. */
export function parseRetryAfter(header: string | undefined, now = new Date()): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
