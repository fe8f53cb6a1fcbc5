// What every change to an organization's members takes first: the organization's lock, the
// actor's role read again under it, and the rule that an organization keeps an OWNER.
import type { Tx } from "@/server/db/tx";
import { conflict, forbidden } from "@/server/errors";
import type { Actor } from "./actor";
import { hasRole, type Role } from "./roles";

/**
 * Role changes and removals of one organization, one at a time: the organization's row is locked
 * for the transaction, so two that would each leave another OWNER (two owners demoting each other)
 * cannot both pass. The actor's own role is read again under the lock.
 */
export async function lockOrganization(tx: Tx, actor: Actor): Promise<Actor> {
  await tx.$queryRaw`SELECT 1 FROM "Tenant" WHERE "id" = ${actor.tenantId} FOR UPDATE`;
  const current = await tx.membership.findUnique({ where: { userId_tenantId: { userId: actor.userId, tenantId: actor.tenantId } } });
  if (!current || !canManageMembers(current.role)) throw forbidden("You can no longer manage members of this organization");
  return { ...actor, role: current.role };
}

export async function assertAnotherOwner(tx: Tx, tenantId: string, exceptUserId: string, message: string) {
  const owners = await tx.membership.count({ where: { tenantId, role: "OWNER", userId: { not: exceptUserId } } });
  if (owners === 0) throw conflict(message);
}

export function canManageMembers(role: Role) {
  return hasRole(role, "ADMIN");
}
