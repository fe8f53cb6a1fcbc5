/**
 * "Verify" in the OTHERS wizard: the webhook is checked before anything is saved. On success the
 * caller gets a ticket to present with "Save" (see verification-ticket.ts). It signs with the
 * wizard's signing secret draft, so the bot can check this first request too.
 */
import { generateSigningSecret } from "@/server/security/tokens";
import { acceptableUrl, type OutboundOptions } from "@/server/net/outbound-options";
import type { VerifyDraftInput } from "./schemas";
import { sendVerification } from "./send-verification";
import type { Actor } from "@/server/tenancy/actor";
import { openSigningDraft } from "./signing-draft";
import { issueVerificationTicket } from "./verification-ticket";

export type DraftVerification = { ok: true; verifiedAt: Date; ticket: string } | { ok: false; reason: string };

export async function verifyDraft(actor: Actor, input: VerifyDraftInput, outbound: OutboundOptions): Promise<DraftVerification> {
  const url = acceptableUrl(input.url, outbound.policy);
  const signingSecret = input.signingDraft ? openSigningDraft(input.signingDraft, actor.tenantId) : generateSigningSecret();
  const outcome = await sendVerification({ platform: "OTHERS", url, token: input.token, signingSecret }, outbound);
  if (!outcome.ok) return { ok: false, reason: outcome.reason };
  const ticket = issueVerificationTicket({ tenantId: actor.tenantId, url, token: input.token, signingSecret, verifiedAt: outcome.at });
  return { ok: true, verifiedAt: outcome.at, ticket };
}
