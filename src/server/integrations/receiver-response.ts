/**
 * Judges what a bot or CCSP webhook answered. Shared by Verify and (later) every delivery attempt:
 * an attempt succeeds only on a 2xx that, for OTHERS, carries the verification token: as the
 * plain-text body, as the JSON field `verificationToken`, or in the `X-Verification-Token` header.
 */
import type { OutboundResult } from "@/server/net/outbound-http";

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
