/**
 * Whether the caller's organization has a record, by kind and ID: detail pages ask it on the
 * server before rendering, so an unknown or foreign ID gets the not-found page at once instead
 * of "Loading…" and then an error. One primary-key lookup, scoped to the tenant.
 */
import type { Db } from "@/server/db/client";

export type OwnedKind = "channel" | "integration" | "service" | "conversation";

export async function hasOwnedRecord(db: Db, tenantId: string, kind: OwnedKind, id: string): Promise<boolean> {
  const where = { id, tenantId };
  switch (kind) {
    case "channel":
      return (await db.channelAsset.count({ where })) > 0;
    case "integration":
      return (await db.integration.count({ where: { ...where, deletedAt: null } })) > 0;
    case "service":
      return (await db.service.count({ where })) > 0;
    case "conversation":
      return (await db.conversation.count({ where })) > 0;
  }
}
