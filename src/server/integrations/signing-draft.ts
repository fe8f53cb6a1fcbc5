/**
 * The signing secret of an integration not saved yet. The wizard asks for it when it reaches the
 * endpoint step and shows it, so the bot can check the signature of even the first Verification
 * event; the draft (the secret sealed with a key derived from APP_ENCRYPTION_KEY, bound to the
 * tenant) travels with Verify and Save, which sign with it and store it.
 */
import { badRequest } from "@/server/errors";
import { draftKey } from "@/server/security/app-key";
import { decryptSecret, encryptSecret } from "@/server/security/encryption";
import { generateSigningSecret, SIGNING_SECRET_PREFIX } from "@/server/security/tokens";
import type { Actor } from "@/server/tenancy/actor";

/** A wizard left open for a day needs a new one. */
export const SIGNING_DRAFT_LIFETIME_MS = 24 * 60 * 60 * 1000;

type DraftClaims = { v: 1; tenantId: string; signingSecret: string; issuedAt: number };

export interface SigningDraft {
  /** Shown in the wizard, to be configured in the bot before Verify. */
  signingSecret: string;
  /** Passed back with Verify and Save. */
  signingDraft: string;
}

export function issueSigningDraft(actor: Actor, now = new Date()): SigningDraft {
  const signingSecret = generateSigningSecret();
  const claims: DraftClaims = { v: 1, tenantId: actor.tenantId, signingSecret, issuedAt: now.getTime() };
  return { signingSecret, signingDraft: encryptSecret(JSON.stringify(claims), draftKey()) };
}

/** The draft's signing secret; refused if sealed for another tenant, expired or tampered with. */
export function openSigningDraft(draft: string, tenantId: string, now = new Date()): string {
  let claims: DraftClaims;
  try {
    claims = JSON.parse(decryptSecret(draft, draftKey())) as DraftClaims;
  } catch {
    throw badRequest("The signing secret draft is not valid: reload the page to get a new signing secret", "signingDraft");
  }
  if (claims.v !== 1 || claims.tenantId !== tenantId || !claims.signingSecret?.startsWith(SIGNING_SECRET_PREFIX)) {
    throw badRequest("The signing secret draft is not valid: reload the page to get a new signing secret", "signingDraft");
  }
  const age = now.getTime() - claims.issuedAt;
  if (age < 0 || age > SIGNING_DRAFT_LIFETIME_MS) {
    throw badRequest("The signing secret draft has expired: reload the page to get a new signing secret", "signingDraft");
  }
  return claims.signingSecret;
}
