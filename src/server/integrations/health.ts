/**
 * An integration's delivery health, on its page: success rate and latency percentiles over
 * its last attempts, the latest attempts one by one, and when it was made inactive and
 * active again. Every member may read it (support staff of every role).
 */
import type { Db } from "@/server/db/client";
import type { Actor } from "@/server/tenancy/actor";
import { notFound } from "@/server/errors";
import { redactSecrets, storedSecrets } from "@/server/security/redact";

/** The window the rates and percentiles are computed over. */
export const HEALTH_WINDOW = 200;
/** How many attempts are listed one by one. */
export const RECENT_ATTEMPTS = 50;
export const DEACTIVATION_HISTORY = 50;

export interface HealthAttempt {
  id: string;
  number: number;
  startedAt: Date;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  ok: boolean;
  deliveryId: string;
  conversationId: string | null;
  /** The payload's Event ("Incoming message", "Handover", …). */
  event: string | null;
}

export interface IntegrationHealth {
  integration: { id: string; name: string; platform: string; status: string; consecutiveFailures: number };
  window: {
    attempts: number;
    succeeded: number;
    failed: number;
    /** Between 0 and 1; null without attempts. */
    successRate: number | null;
    /** Milliseconds, nearest rank, over every attempt in the window (a timeout counts as long as it took). */
    p50Ms: number | null;
    p95Ms: number | null;
    since: Date | null;
  };
  recent: HealthAttempt[];
  deactivations: Array<{ id: string; type: "DEACTIVATED" | "REACTIVATED"; at: Date; detail: string | null }>;
}

/** The nearest-rank percentile of sorted values: the smallest value with at least p% of them at or below it. */
export function percentile(sortedAscending: readonly number[], p: number): number | null {
  if (sortedAscending.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sortedAscending.length));
  return sortedAscending[Math.min(rank, sortedAscending.length) - 1] ?? null;
}

export async function integrationHealth(db: Db, { tenantId }: Actor, integrationId: string): Promise<IntegrationHealth> {
  const row = await db.integration.findFirst({
    where: { id: integrationId, tenantId, deletedAt: null },
    select: { id: true, name: true, platform: true, status: true, consecutiveFailures: true, tokenEncrypted: true, signingSecretEncrypted: true },
  });
  if (!row) throw notFound("Integration");
  // The secrets only to take them out of recorded failures (an older row may quote the token).
  const { tokenEncrypted, signingSecretEncrypted, ...integration } = row;
  const secrets = storedSecrets({ tokenEncrypted, signingSecretEncrypted });

  const [attempts, deactivations] = await Promise.all([
    db.deliveryAttempt.findMany({
      where: { integrationId: integration.id, delivery: { tenantId } },
      orderBy: [{ startedAt: "desc" }, { id: "desc" }],
      take: HEALTH_WINDOW,
      select: {
        id: true,
        number: true,
        startedAt: true,
        durationMs: true,
        statusCode: true,
        error: true,
        delivery: { select: { id: true, conversationId: true, payload: true } },
      },
    }),
    db.integrationEvent.findMany({
      where: { integrationId: integration.id, tenantId, type: { in: ["DEACTIVATED", "REACTIVATED"] } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: DEACTIVATION_HISTORY,
      select: { id: true, type: true, createdAt: true, detail: true },
    }),
  ]);

  const succeeded = attempts.filter((a) => a.error === null).length;
  const durations = attempts.map((a) => a.durationMs).sort((a, b) => a - b);
  return {
    integration,
    window: {
      attempts: attempts.length,
      succeeded,
      failed: attempts.length - succeeded,
      successRate: attempts.length ? succeeded / attempts.length : null,
      p50Ms: percentile(durations, 50),
      p95Ms: percentile(durations, 95),
      since: attempts.at(-1)?.startedAt ?? null,
    },
    recent: attempts.slice(0, RECENT_ATTEMPTS).map((a) => {
      const payload = a.delivery.payload as Record<string, unknown> | null;
      const event = payload && typeof payload === "object" ? payload.Event : null;
      return {
        id: a.id,
        number: a.number,
        startedAt: a.startedAt,
        durationMs: a.durationMs,
        statusCode: a.statusCode,
        error: redactSecrets(a.error, secrets),
        ok: a.error === null,
        deliveryId: a.delivery.id,
        conversationId: a.delivery.conversationId,
        event: typeof event === "string" ? event : null,
      };
    }),
    deactivations: deactivations.map((e) => ({
      id: e.id,
      type: e.type as "DEACTIVATED" | "REACTIVATED",
      at: e.createdAt,
      detail: e.detail,
    })),
  };
}
