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
 * The membership the user asked for (by cookie) if they still have it, otherwise the one they
 * used last (switched to, or joined by invitation), otherwise their first one. Null only for a
 * user who belongs to no organization.
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
  const last = await db.user.findUnique({ where: { id: userId }, select: { lastTenantId: true } });
  if (last?.lastTenantId && last.lastTenantId !== requestedTenantId) {
    const used = await db.membership.findUnique({
      where: { userId_tenantId: { userId, tenantId: last.lastTenantId } },
      include: { tenant: { select: { name: true } } },
    });
    if (used) return { tenantId: used.tenantId, tenantName: used.tenant.name, role: used.role };
  }
  const first = await db.membership.findFirst({
    where: { userId },
    include: { tenant: { select: { name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return first ? { tenantId: first.tenantId, tenantName: first.tenant.name, role: first.role } : null;
}

/** Remembers the organization the user works in, for a sign-in without the organization cookie. */
export async function rememberLastTenant(db: Db, userId: string, tenantId: string): Promise<void> {
  await db.user.updateMany({ where: { id: userId, NOT: { lastTenantId: tenantId } }, data: { lastTenantId: tenantId } });
}
