/**
 * Reading integrations. Every member sees the list, statuses and history; only OWNER and ADMIN
 * get the `manage` part (URLs and the generated webhook). Tokens never leave the server; the
 * signing secret only through signing-secret.ts, the inbound secret only from create and rotate.
 */
import type { IntegrationEventType, IntegrationKind, IntegrationPlatform, IntegrationStatus } from "@/generated/prisma/client";
import type { Db } from "@/server/db/client";
import { redactSecrets, storedSecrets } from "@/server/security/redact";
import { hasRole } from "@/server/tenancy/roles";
import { inboundWebhookUrl } from "./inbound-webhook";
import { loadIntegration } from "./store";
import type { Actor } from "@/server/tenancy/actor";
import { integrationUsage, type IntegrationUsage } from "./usage";

export type IntegrationSummary = {
  id: string;
  name: string;
  kind: IntegrationKind;
  platform: IntegrationPlatform;
  status: IntegrationStatus;
  consecutiveFailures: number;
  lastVerifiedAt: Date | null;
  lastVerifyError: string | null;
  deactivatedAt: Date | null;
  createdAt: Date;
};

export type IntegrationDetail = IntegrationSummary & {
  history: Array<{ id: string; type: IntegrationEventType; detail: string | null; actorName: string | null; at: Date }>;
  usage: IntegrationUsage;
  /** OWNER/ADMIN only; null for everyone else. */
  manage: {
    url: string | null;
    hasToken: boolean;
    /** Null for the built-in agent desk, which has no inbound webhook. */
    inboundWebhookUrl: string | null;
    /** Events posted to the inbound webhook must be signed (Standard Webhooks). */
    requireSignedEvents: boolean;
    /** Until when the inbound secret a rotation replaced still works; null when it does not. */
    previousInboundSecretValidUntil: Date | null;
    /** Until when requests also carry the replaced signing secret's signature; null when they do not. */
    previousSigningSecretValidUntil: Date | null;
  } | null;
};

export const HISTORY_LIMIT = 50;

const summarySelect = {
  id: true,
  name: true,
  kind: true,
  platform: true,
  status: true,
  consecutiveFailures: true,
  lastVerifiedAt: true,
  lastVerifyError: true,
  deactivatedAt: true,
  createdAt: true,
} as const;

export async function listIntegrations(db: Db, viewer: Actor): Promise<IntegrationSummary[]> {
  const rows = await db.integration.findMany({
    where: { tenantId: viewer.tenantId, deletedAt: null },
    select: { ...summarySelect, tokenEncrypted: true, signingSecretEncrypted: true },
    orderBy: [{ kind: "asc" }, { name: "asc" }],
  });
  return rows.map(toSummary);
}

export async function getIntegration(db: Db, viewer: Actor, id: string): Promise<IntegrationDetail> {
  const row = await loadIntegration(db, viewer.tenantId, id);
  const [events, usage] = await Promise.all([
    db.integrationEvent.findMany({
      where: { integrationId: row.id, tenantId: viewer.tenantId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: HISTORY_LIMIT,
    }),
    integrationUsage(db, viewer.tenantId, row.id),
  ]);
  const actorIds = [...new Set(events.map((e) => e.actorUserId).filter((v): v is string => v !== null))];
  const actors = actorIds.length
    ? await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } })
    : [];
  const names = new Map(actors.map((a) => [a.id, a.name]));
  const secrets = storedSecrets(row);

  return {
    ...toSummary(row),
    history: events.map((e) => ({
      id: e.id,
      type: e.type,
      detail: redactSecrets(e.detail, secrets),
      actorName: e.actorUserId ? (names.get(e.actorUserId) ?? "a former member") : null,
      at: e.createdAt,
    })),
    usage,
    manage: hasRole(viewer.role, "ADMIN")
      ? {
          url: row.url,
          hasToken: row.tokenEncrypted !== null,
          inboundWebhookUrl: row.platform === "BUILT_IN" ? null : inboundWebhookUrl(row.id),
          requireSignedEvents: row.requireSignedEvents,
          previousInboundSecretValidUntil: validUntil(row.previousInboundSecretHash, row.previousInboundSecretExpiresAt),
          previousSigningSecretValidUntil: validUntil(row.previousSigningSecretEncrypted, row.previousSigningSecretExpiresAt),
        }
      : null,
  };
}

/** A grace period still running; null when there is none or it is over. */
function validUntil(previous: string | null, expiresAt: Date | null, now = new Date()): Date | null {
  return previous !== null && expiresAt !== null && expiresAt > now ? expiresAt : null;
}

/**
 * Only the summary's fields: a row also holds encrypted tokens and secret hashes. A verification
 * failure recorded before reasons were redacted may quote the token: it is taken out here.
 */
function toSummary(row: IntegrationSummary & { tokenEncrypted: string | null; signingSecretEncrypted: string }): IntegrationSummary {
  const { id, name, kind, platform, status, consecutiveFailures, lastVerifiedAt, deactivatedAt, createdAt } = row;
  const lastVerifyError = row.lastVerifyError === null ? null : redactSecrets(row.lastVerifyError, storedSecrets(row));
  return { id, name, kind, platform, status, consecutiveFailures, lastVerifiedAt, lastVerifyError, deactivatedAt, createdAt };
}
