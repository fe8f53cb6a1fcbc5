/** Loading an integration within the actor's tenant, and writing its history. */
import type { IntegrationEventType } from "@/generated/prisma/client";
import type { DbOrTx } from "@/server/db/tx";
import { notFound } from "@/server/errors";

/** The integration, only if it belongs to the tenant and is not deleted: anything else reads as "not found". */
export async function loadIntegration(db: DbOrTx, tenantId: string, id: string) {
  const row = await db.integration.findFirst({ where: { id, tenantId, deletedAt: null } });
  if (!row) throw notFound("Integration");
  return row;
}

export type IntegrationRow = Awaited<ReturnType<typeof loadIntegration>>;

export function recordEvent(
  db: DbOrTx,
  row: { id: string; tenantId: string },
  type: IntegrationEventType,
  actorUserId: string | null,
  detail?: string,
) {
  return db.integrationEvent.create({
    data: { tenantId: row.tenantId, integrationId: row.id, type, actorUserId, detail: detail ?? null },
  });
}
