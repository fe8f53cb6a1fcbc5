import type { Db } from "@/server/db/client";
import type { Tx } from "@/server/db/tx";
import { conflict, forbidden, notFound } from "@/server/errors";
import { announce } from "@/server/live/publish";
import type { Actor } from "@/server/tenancy/actor";
import { hasRole, type Role } from "./roles";

export async function listMembers(db: Db, tenantId: string) {
  const rows = await db.membership.findMany({
    where: { tenantId },
    include: { user: { select: { name: true, email: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((m) => ({ userId: m.userId, name: m.user.name, email: m.user.email, role: m.role, since: m.createdAt }));
}

/** Only an OWNER may make someone an OWNER. */
function assertMayGrant(actor: Actor, role: Role) {
  if (role === "OWNER" && actor.role !== "OWNER") throw forbidden("Only an owner can make someone an owner");
}

/**
 * Role changes and removals of one organization, one at a time: the organization's row is locked
 * for the transaction, so two that would each leave another OWNER (two owners demoting each other)
 * cannot both pass. The actor's own role is read again under the lock.
 */
async function lockOrganization(tx: Tx, actor: Actor): Promise<Actor> {
  await tx.$queryRaw`SELECT 1 FROM "Tenant" WHERE "id" = ${actor.tenantId} FOR UPDATE`;
  const current = await tx.membership.findUnique({ where: { userId_tenantId: { userId: actor.userId, tenantId: actor.tenantId } } });
  if (!current || !canManageMembers(current.role)) throw forbidden("You can no longer manage members of this organization");
  return { ...actor, role: current.role };
}

const LAST_OWNER = "An organization needs at least one owner: make another member an owner first";

export async function changeMemberRole(db: Db, actor: Actor, input: { userId: string; role: Role }) {
  return db.$transaction(async (tx) => {
    const acting = await lockOrganization(tx, actor);
    const target = await tx.membership.findUnique({
      where: { userId_tenantId: { userId: input.userId, tenantId: acting.tenantId } },
      include: { user: { select: { name: true } } },
    });
    if (!target) throw notFound("Member");
    assertMayGrant(acting, input.role);
    if (target.role === "OWNER" && acting.role !== "OWNER") throw forbidden("Only an owner can change an owner's role");
    const saved = { userId: target.userId, name: target.user.name, role: input.role };
    if (target.role === input.role) return saved;
    if (target.role === "OWNER") await assertAnotherOwner(tx, acting.tenantId, input.userId, LAST_OWNER);
    await tx.membership.update({ where: { id: target.id }, data: { role: input.role } });
    await announce(tx, { type: "access-changed", tenantId: acting.tenantId, userId: input.userId });
    return saved;
  });
}

export async function removeMember(db: Db, actor: Actor, userId: string) {
  await db.$transaction(async (tx) => {
    const acting = await lockOrganization(tx, actor);
    const target = await tx.membership.findUnique({ where: { userId_tenantId: { userId, tenantId: acting.tenantId } } });
    if (!target) throw notFound("Member");
    if (target.role === "OWNER") {
      if (acting.role !== "OWNER") throw forbidden("Only an owner can remove an owner");
      await assertAnotherOwner(tx, acting.tenantId, userId, "An organization needs at least one owner: this is its only one");
    }
    await tx.membership.delete({ where: { id: target.id } });
    // Their live streams end: what they may see is checked again when the page reconnects.
    await announce(tx, { type: "access-changed", tenantId: acting.tenantId, userId });
  });
}

async function assertAnotherOwner(tx: Tx, tenantId: string, exceptUserId: string, message: string) {
  const owners = await tx.membership.count({ where: { tenantId, role: "OWNER", userId: { not: exceptUserId } } });
  if (owners === 0) throw conflict(message);
}

export async function createTenant(db: Db, userId: string, name: string) {
  return db.tenant.create({
    data: { name, memberships: { create: { userId, role: "OWNER" } } },
    select: { id: true, name: true },
  });
}

export function canManageMembers(role: Role) {
  return hasRole(role, "ADMIN");
}
