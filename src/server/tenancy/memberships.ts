import type { Db } from "@/server/db/client";
import type { Role } from "./roles";

export interface CurrentMembership {
  tenantId: string;
  tenantName: string;
  role: Role;
}

/** The cookie that remembers which organization the user is working in. */
export const CURRENT_TENANT_COOKIE = "sb-tenant";

export async function listMemberships(db: Db, userId: string): Promise<CurrentMembership[]> {
  const rows = await db.membership.findMany({
    where: { userId },
    include: { tenant: { select: { name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((m) => ({ tenantId: m.tenantId, tenantName: m.tenant.name, role: m.role }));
}

/**
 * The membership the user asked for (by cookie) if they still have it, otherwise their
 * first one. Null only for a user who belongs to no organization.
 */
export async function resolveCurrentMembership(
  db: Db,
  userId: string,
  requestedTenantId: string | undefined,
): Promise<CurrentMembership | null> {
  if (requestedTenantId) {
    const requested = await db.membership.findUnique({
      where: { userId_tenantId: { userId, tenantId: requestedTenantId } },
      include: { tenant: { select: { name: true } } },
    });
    if (requested) return { tenantId: requested.tenantId, tenantName: requested.tenant.name, role: requested.role };
  }
  const first = await db.membership.findFirst({
    where: { userId },
    include: { tenant: { select: { name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return first ? { tenantId: first.tenantId, tenantName: first.tenant.name, role: first.role } : null;
}
