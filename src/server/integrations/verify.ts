/**
 * "Verify again" (and the verification that follows saving an IMI BOT or CCSP webhook, or
 * editing a URL or token). Success makes the integration ACTIVE; coming back from UNVERIFIED or
 * INACTIVE it also resets the failure count and releases held deliveries. A failure keeps the
 * status and records the reason, word for word as the user will read it.
 */
import type { IntegrationStatus } from "@/generated/prisma/client";
import type { Db } from "@/server/db/client";
import { badRequest, conflict } from "@/server/errors";
import { decryptStored } from "@/server/security/app-key";
import type { OutboundOptions } from "@/server/net/outbound-options";
import type { DurableWork } from "@/server/delivery/durable-work";
import { alertIntegrationReactivated } from "@/server/alerts/integration-alerts";
import { validSigningSecrets } from "./inbound-credentials";
import { sendVerification, type VerificationOutcome } from "./send-verification";
import { loadIntegration, recordEvent, type IntegrationRow } from "./store";
import type { Actor } from "@/server/tenancy/actor";

export type VerifyResult =
  | { ok: true; status: IntegrationStatus; verifiedAt: Date; reactivated: boolean }
  | { ok: false; status: IntegrationStatus; reason: string };

export async function verifyIntegration(db: Db, actor: Actor, id: string, outbound: OutboundOptions, work: DurableWork): Promise<VerifyResult> {
  const row = await loadIntegration(db, actor.tenantId, id);
  return runVerification(db, actor.userId, row, outbound, work);
}

export async function runVerification(
  db: Db,
  actorUserId: string | null,
  row: IntegrationRow,
  outbound: OutboundOptions,
  /** Releases what was held once the integration is ACTIVE again. */
  work: DurableWork,
): Promise<VerifyResult> {
  if (row.platform === "BUILT_IN" || !row.url || !row.tokenEncrypted) {
    throw badRequest("The built-in agent desk has no webhook to verify: it is always active");
  }
  const signing = validSigningSecrets(row);
  const outcome = await sendVerification(
    {
      platform: row.platform,
      url: row.url,
      token: decryptStored(row.tokenEncrypted),
      signingSecret: signing.current,
      previousSigningSecret: signing.previous,
    },
    outbound,
  );
  const result = await recordOutcome(db, actorUserId, row, outcome);
  if (result.ok && result.becameActive) {
    await work.integrationReactivated(row.id);
  }
  return result.ok
    ? { ok: true, status: result.status, verifiedAt: outcome.at, reactivated: result.reactivated }
    : { ok: false, status: result.status, reason: result.reason };
}

type Recorded =
  | { ok: true; status: IntegrationStatus; becameActive: boolean; reactivated: boolean }
  | { ok: false; status: IntegrationStatus; reason: string };

async function recordOutcome(db: Db, actorUserId: string | null, row: IntegrationRow, outcome: VerificationOutcome): Promise<Recorded> {
  return db.$transaction(async (tx) => {
    // Lock the row: the delivery pipeline may be deactivating it, or an edit changing its URL.
    const [current] = await tx.$queryRaw<
      Array<{ status: string; deactivatedAt: Date | null; url: string | null; tokenEncrypted: string | null }>
    >`SELECT status::text AS status, "deactivatedAt", url, "tokenEncrypted"
        FROM "Integration" WHERE id = ${row.id} AND "tenantId" = ${row.tenantId} FOR UPDATE`;
    if (!current) throw conflict("The integration was deleted while it was being verified");
    if (current.url !== row.url || current.tokenEncrypted !== row.tokenEncrypted) {
      throw conflict("The integration was edited while it was being verified: verify it again");
    }
    const status = current.status as IntegrationStatus;

    if (!outcome.ok) {
      await tx.integration.update({ where: { id: row.id }, data: { lastVerifyError: outcome.reason } });
      await recordEvent(tx, row, "VERIFY_FAILED", actorUserId, outcome.reason);
      return { ok: false, status, reason: outcome.reason };
    }

    const becameActive = status !== "ACTIVE";
    const reactivated = status === "INACTIVE" || current.deactivatedAt !== null;
    await tx.integration.update({
      where: { id: row.id },
      data: {
        status: "ACTIVE",
        lastVerifiedAt: outcome.at,
        lastVerifyError: null,
        deactivatedAt: null,
        // Counting starts afresh once a verified endpoint takes over.
        ...(becameActive ? { consecutiveFailures: 0 } : {}),
      },
    });
    await recordEvent(tx, row, "VERIFIED", actorUserId, `HTTP ${outcome.status} in ${outcome.durationMs} ms`);
    if (reactivated) {
      await recordEvent(tx, row, "REACTIVATED", actorUserId, "Verified again: failure count reset, held deliveries released");
      // Told once per deactivation it ends: the row is locked, and the next verify sees it ACTIVE.
      await alertIntegrationReactivated(tx, row.id, current.deactivatedAt ?? outcome.at, outcome.at);
    }
    return { ok: true, status: "ACTIVE", becameActive, reactivated };
  });
}
