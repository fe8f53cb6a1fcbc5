/**
 * The delivery backlog of one tenant, for its admins' System page (issue 11): how many
 * deliveries wait (PENDING), are held for an inactive integration (HELD) or gave up (FAILED),
 * and the oldest retry that is due. Cheap on the existing indexes (prisma/schema.prisma):
 * deliveries to the tenant's integrations are read on (integrationId, state), so other
 * tenants' rows are never read; channel callbacks (no integration) on the same index's
 * null-integration range, filtered by tenant. Each is two statements: counts, oldest retry.
 */
import type { Db } from "@/server/db/client";
import type { Actor } from "@/server/tenancy/actor";

export const BACKLOG_STATES = ["PENDING", "HELD", "FAILED"] as const;
export type BacklogState = (typeof BACKLOG_STATES)[number];

export interface DeliveryBacklog {
  counts: Record<BacklogState, number>;
  /** The PENDING delivery, already attempted, whose next attempt is due first; null when none. */
  oldestDueRetry: { deliveryId: string; conversationId: string | null; at: Date; receiverName: string | null } | null;
}

export async function deliveryBacklog(db: Db, { tenantId }: Actor): Promise<DeliveryBacklog> {
  const integrationIds = (await db.integration.findMany({ where: { tenantId }, select: { id: true } })).map((i) => i.id);
  const states = { in: [...BACKLOG_STATES] };
  // Channel callbacks; operational webhooks have their own page and attempt log (docs/alerts.md).
  const receivers = [...(integrationIds.length ? [{ integrationId: { in: integrationIds } }] : []), { integrationId: null, webhookEndpointId: null }];
  const [groups, retries] = await Promise.all([
    Promise.all(receivers.map((r) => db.delivery.groupBy({ by: ["state"], where: { ...r, state: states, tenantId }, _count: { _all: true } }))),
    Promise.all(
      receivers.map((r) =>
        db.delivery.findFirst({
          where: { ...r, tenantId, state: "PENDING", attempts: { gt: 0 }, nextAttemptAt: { not: null } },
          orderBy: [{ nextAttemptAt: "asc" }, { seq: "asc" }],
          select: { id: true, conversationId: true, nextAttemptAt: true, integration: { select: { name: true } }, channelAsset: { select: { name: true } } },
        }),
      ),
    ),
  ]);
  const counts: Record<BacklogState, number> = { PENDING: 0, HELD: 0, FAILED: 0 };
  for (const row of groups.flat()) counts[row.state as BacklogState] += row._count._all;
  const oldest = retries
    .filter((r) => r !== null)
    .sort((x, y) => (x.nextAttemptAt?.getTime() ?? 0) - (y.nextAttemptAt?.getTime() ?? 0))[0];
  return {
    counts,
    oldestDueRetry:
      oldest && oldest.nextAttemptAt
        ? {
            deliveryId: oldest.id,
            conversationId: oldest.conversationId,
            at: oldest.nextAttemptAt,
            receiverName: oldest.integration?.name ?? oldest.channelAsset?.name ?? null,
          }
        : null,
  };
}
