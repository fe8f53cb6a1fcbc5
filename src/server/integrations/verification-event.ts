/** The Verification event the platform POSTs to a bot or CCSP webhook (docs/protocol.md). */
import { randomBytes } from "node:crypto";
import { generateChallenge } from "@/server/security/tokens";
import { formatGmtTimestamp } from "@/server/webhooks/timestamp";

export type VerificationEvent = {
  Event: "Verification";
  /** Random per request, so a receiver can tell one verification from another. */
  Challenge: string;
  /** GMT, `YYYY-MM-DD hh:mm:ss.SSS`. */
  Timestamp: string;
};

export function buildVerificationEvent(now: Date = new Date(), challenge = generateChallenge()): VerificationEvent {
  return { Event: "Verification", Challenge: challenge, Timestamp: formatGmtTimestamp(now) };
}

/** The Standard Webhooks `webhook-id` of a verification request (deliveries use their own IDs). */
export function verificationMessageId(): string {
  return `vrf_${randomBytes(16).toString("base64url")}`;
}
