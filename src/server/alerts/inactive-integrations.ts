/** The integrations of a tenant that are INACTIVE now: the banner on the dashboard and integration pages. */
import type { Db } from "@/server/db/client";
import type { Actor } from "@/server/tenancy/actor";

export async function inactiveIntegrations(db: Db, actor: Actor) {
  return db.integration.findMany({
    where: { tenantId: actor.tenantId, status: "INACTIVE", deletedAt: null },
    orderBy: [{ deactivatedAt: "desc" }, { name: "asc" }],
    select: { id: true, name: true, kind: true, deactivatedAt: true, deactivationReason: true, _count: { select: { deliveries: { where: { state: "HELD" } } } } },
  }).then((rows) => rows.map(({ _count, ...row }) => ({ ...row, held: _count.deliveries })));
}
