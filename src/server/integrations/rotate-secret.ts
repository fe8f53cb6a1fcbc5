/**
 * Rotating an integration's secrets without downtime. The admin picks a grace period (none, 1 h,
 * 24 h) during which the replaced secret keeps working next to the new one:
 * - the inbound webhook secret (returned once, stored only as a hash): both are accepted;
 * - the signing secret: every request carries both signatures (receiver-protocol.ts), and
 *   signed inbound events may use either.
 * Only the last replaced secret is kept: rotating again ends the earlier grace at once.
 */
import type { Db } from "@/server/db/client";
import { badRequest } from "@/server/errors";
import { encryptStored } from "@/server/security/app-key";
import { generateInboundSecret, generateSigningSecret, hashSecret } from "@/server/security/tokens";
import type { GraceHours } from "./schemas";
import { loadIntegration, recordEvent } from "./store";
import type { Actor } from "@/server/tenancy/actor";

export type RotatedSecret<K extends string> = Record<K, string> & {
  /** Until when the replaced secret still works; null when it stopped at once. */
  previousValidUntil: Date | null;
};

function graceEnd(graceHours: GraceHours, now: Date): Date | null {
  return graceHours === 0 ? null : new Date(now.getTime() + graceHours * 3_600_000);
}

function graceDetail(until: Date | null): string {
  return until ? `the old one keeps working until ${until.toISOString()}` : "the old one no longer works";
}

export async function rotateInboundSecret(db: Db, actor: Actor, id: string, graceHours: GraceHours = 0): Promise<RotatedSecret<"inboundSecret">> {
  const inboundSecret = generateInboundSecret();
  const now = new Date();
  const previousValidUntil = graceEnd(graceHours, now);
  await db.$transaction(async (tx) => {
    const row = await loadIntegration(tx, actor.tenantId, id);
    if (row.platform === "BUILT_IN") throw badRequest("The built-in agent desk has no inbound webhook secret");
    await tx.integration.update({
      where: { id: row.id },
      data: {
        inboundSecretHash: hashSecret(inboundSecret),
        previousInboundSecretHash: previousValidUntil ? row.inboundSecretHash : null,
        previousInboundSecretExpiresAt: previousValidUntil,
      },
    });
    await recordEvent(tx, row, "SECRET_ROTATED", actor.userId, `Inbound webhook secret replaced; ${graceDetail(previousValidUntil)}`);
  });
  return { inboundSecret, previousValidUntil };
}

export async function rotateSigningSecret(db: Db, actor: Actor, id: string, graceHours: GraceHours = 0): Promise<RotatedSecret<"signingSecret">> {
  const signingSecret = generateSigningSecret();
  const now = new Date();
  const previousValidUntil = graceEnd(graceHours, now);
  await db.$transaction(async (tx) => {
    const row = await loadIntegration(tx, actor.tenantId, id);
    if (row.platform === "BUILT_IN") throw badRequest("The built-in agent desk has no signing secret: nothing is sent to it");
    await tx.integration.update({
      where: { id: row.id },
      data: {
        signingSecretEncrypted: encryptStored(signingSecret),
        previousSigningSecretEncrypted: previousValidUntil ? row.signingSecretEncrypted : null,
        previousSigningSecretExpiresAt: previousValidUntil,
      },
    });
    const overlap = previousValidUntil ? `requests carry both signatures until ${previousValidUntil.toISOString()}` : "the old one no longer signs";
    await recordEvent(tx, row, "SECRET_ROTATED", actor.userId, `Signing secret replaced; ${overlap}`);
  });
  return { signingSecret, previousValidUntil };
}
