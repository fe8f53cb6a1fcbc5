/**
 * "Verify" in the OTHERS wizard runs before anything is saved; "Save" must then prove that exactly
 * this URL and token answered correctly. The proof is a ticket sealed with a key derived from
 * APP_ENCRYPTION_KEY (AES-256-GCM: confidential and tamper-evident). It also carries the signing
 * secret that signed the verification, so the saved integration keeps signing with it.
 */
import { decryptSecret, encryptSecret } from "@/server/security/encryption";
import { hashSecret } from "@/server/security/tokens";
import { ticketKey } from "@/server/security/app-key";

/** Long enough to fill in a form; short enough that a stale check is not trusted. */
export const TICKET_LIFETIME_MS = 60 * 60 * 1000;

type TicketClaims = {
  v: 1;
  tenantId: string;
  url: string;
  tokenHash: string;
  signingSecret: string;
  verifiedAt: number;
};

export function issueVerificationTicket(args: {
  tenantId: string;
  url: string;
  token: string;
  signingSecret: string;
  verifiedAt: Date;
}): string {
  const claims: TicketClaims = {
    v: 1,
    tenantId: args.tenantId,
    url: args.url,
    tokenHash: hashSecret(args.token),
    signingSecret: args.signingSecret,
    verifiedAt: args.verifiedAt.getTime(),
  };
  return encryptSecret(JSON.stringify(claims), ticketKey());
}

export type TicketCheck =
  | { ok: true; signingSecret: string; verifiedAt: Date }
  | { ok: false; reason: string };

/** Valid only for the same tenant, URL and token, within TICKET_LIFETIME_MS. */
export function checkVerificationTicket(
  ticket: string,
  expected: { tenantId: string; url: string; token: string },
  now: Date = new Date(),
): TicketCheck {
  let claims: TicketClaims;
  try {
    claims = JSON.parse(decryptSecret(ticket, ticketKey())) as TicketClaims;
  } catch {
    return { ok: false, reason: "Click Verify before saving" };
  }
  if (claims.v !== 1 || claims.tenantId !== expected.tenantId) return { ok: false, reason: "Click Verify before saving" };
  if (claims.url !== expected.url || claims.tokenHash !== hashSecret(expected.token)) {
    return { ok: false, reason: "The Webhook URL or Verification Token changed after Verify: click Verify again" };
  }
  const age = now.getTime() - claims.verifiedAt;
  if (age < 0 || age > TICKET_LIFETIME_MS) return { ok: false, reason: "The verification has expired: click Verify again" };
  return { ok: true, signingSecret: claims.signingSecret, verifiedAt: new Date(claims.verifiedAt) };
}
