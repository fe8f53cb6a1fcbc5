/**
 * Saving a new integration (the last step of the wizard).
 * - IMI BOT and CCSP webhook: saved UNVERIFIED, then verified at once ("Save" verifies). A failed
 *   verification still keeps the integration, so its inbound webhook can be configured in the
 *   bot while its endpoint is being fixed; the reason is returned and shown.
 * - OTHERS: "Verify" came first; the ticket it issued proves this URL and token answered, so the
 *   integration is saved ACTIVE.
 * - Built-in agent desk: nothing to reach, ACTIVE at once.
 * The inbound webhook secret is returned here once and stored only as a hash. The signing secret
 * is the one the wizard showed (its draft, or the OTHERS ticket that carries it), so the bot can
 * check even the verification "Save" sends.
 */
import type { IntegrationStatus } from "@/generated/prisma/client";
import type { Db } from "@/server/db/client";
import { badRequest, conflict } from "@/server/errors";
import { isUniqueViolation } from "@/server/db/errors";
import { generateInboundSecret, generateSigningSecret, hashSecret } from "@/server/security/tokens";
import { encryptStored } from "@/server/security/app-key";
import { acceptableUrl, type OutboundOptions } from "@/server/net/outbound-options";
import { kindOfPlatform, PLATFORM_LABELS, type CreateIntegrationInput } from "./schemas";
import { recordEvent } from "./store";
import type { Actor } from "@/server/tenancy/actor";
import { openSigningDraft } from "./signing-draft";
import { checkVerificationTicket } from "./verification-ticket";
import type { DurableWork } from "@/server/delivery/durable-work";
import { runVerification, type VerifyResult } from "./verify";

export type CreatedIntegration = {
  id: string;
  status: IntegrationStatus;
  /** Shown once; null for the built-in agent desk, which has no inbound webhook. */
  inboundSecret: string | null;
  /** The verification "Save" ran (IMI BOT, CCSP webhook); null when none ran. */
  verification: VerifyResult | null;
};

export async function createIntegration(
  db: Db,
  actor: Actor,
  input: CreateIntegrationInput,
  outbound: OutboundOptions,
  work: DurableWork,
): Promise<CreatedIntegration> {
  const inboundSecret = generateInboundSecret();
  let url: string | null = null;
  let token: string | null = null;
  let signingSecret = generateSigningSecret();
  let verifiedAt: Date | null = null;
  let status: IntegrationStatus = "UNVERIFIED";

  if (input.platform === "BUILT_IN") {
    status = "ACTIVE";
  } else {
    url = acceptableUrl(input.url, outbound.policy);
    token = input.token;
    if (input.signingDraft) signingSecret = openSigningDraft(input.signingDraft, actor.tenantId);
    if (input.platform === "OTHERS") {
      const ticket = checkVerificationTicket(input.verificationTicket, { tenantId: actor.tenantId, url, token });
      if (!ticket.ok) throw badRequest(ticket.reason, "verificationTicket");
      signingSecret = ticket.signingSecret;
      verifiedAt = ticket.verifiedAt;
      status = "ACTIVE";
    }
  }

  let row;
  try {
    row = await db.$transaction(async (tx) => {
      const created = await tx.integration.create({
        data: {
          tenantId: actor.tenantId,
          kind: kindOfPlatform(input.platform),
          platform: input.platform,
          name: input.name,
          url,
          tokenEncrypted: token === null ? null : encryptStored(token),
          inboundSecretHash: hashSecret(inboundSecret),
          signingSecretEncrypted: encryptStored(signingSecret),
          status,
          lastVerifiedAt: verifiedAt,
        },
      });
      await recordEvent(tx, created, "CREATED", actor.userId, `${PLATFORM_LABELS[input.platform]} "${input.name}"`);
      if (verifiedAt) await recordEvent(tx, created, "VERIFIED", actor.userId, "Verified before saving");
      return created;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("An integration with this name already exists", "name");
    throw error;
  }

  const verification =
    input.platform === "IMI_BOT" || input.platform === "WEBHOOK" ? await runVerification(db, actor.userId, row, outbound, work) : null;
  return {
    id: row.id,
    status: verification?.status ?? row.status,
    inboundSecret: input.platform === "BUILT_IN" ? null : inboundSecret,
    verification,
  };
}
