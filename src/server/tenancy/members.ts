import type { Db } from "@/server/db/client";
import { conflict, forbidden, isUniqueViolation, notFound } from "@/server/errors";
import { announce } from "@/server/live/publish";
import { hasRole, type Role } from "./roles";

export interface ActingMember {
  userId: string;
  tenantId: string;
  role: Role;
}

export async function listMembers(db: Db, tenantId: string) {
  const rows = await db.membership.findMany({
    where: { tenantId },
    include: { user: { select: { name: true, email: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((m) => ({ userId: m.userId, name: m.user.name, email: m.user.email, role: m.role, since: m.createdAt }));
}

/** Only an OWNER may make someone an OWNER. */
function assertMayGrant(actor: ActingMember, role: Role) {
  if (role === "OWNER" && actor.role !== "OWNER") throw forbidden("Only an owner can make someone an owner");
}

/**
 * Adds the account that uses this email, if there is one. The answer is the same either way, so
 * that adding members cannot be used to learn who has an account (an unknown email writes nothing).
 */
export async function addMember(db: Db, actor: ActingMember, input: { email: string; role: Role }) {
  assertMayGrant(actor, input.role);
  const user = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (user) {
    try {
      await db.membership.create({ data: { userId: user.id, tenantId: actor.tenantId, role: input.role } });
    } catch (error) {
      // Telling this is fine: the organization's members are listed to whoever may add them.
      if (isUniqueViolation(error)) throw conflict("This person is already a member of the organization", "email");
      throw error;
    }
  }
  return { email: input.email, role: input.role };
}

export async function changeMemberRole(db: Db, actor: ActingMember, input: { userId: string; role: Role }) {
  const target = await db.membership.findUnique({
    where: { userId_tenantId: { userId: input.userId, tenantId: actor.tenantId } },
  });
  if (!target) throw notFound("Member");
  assertMayGrant(actor, input.role);
  if (target.role === "OWNER" && actor.role !== "OWNER") throw forbidden("Only an owner can change an owner's role");
  if (target.role === "OWNER" && input.role !== "OWNER") await assertAnotherOwner(db, actor.tenantId, input.userId);
  await db.$transaction(async (tx) => {
    await tx.membership.update({ where: { id: target.id }, data: { role: input.role } });
    await announce(tx, { type: "access-changed", tenantId: actor.tenantId, userId: input.userId });
  });
}

export async function removeMember(db: Db, actor: ActingMember, userId: string) {
  const target = await db.membership.findUnique({ where: { userId_tenantId: { userId, tenantId: actor.tenantId } } });
  if (!target) throw notFound("Member");
  if (target.role === "OWNER") {
    if (actor.role !== "OWNER") throw forbidden("Only an owner can remove an owner");
    await assertAnotherOwner(db, actor.tenantId, userId);
  }
  await db.$transaction(async (tx) => {
    await tx.membership.delete({ where: { id: target.id } });
    // Their live streams end: what they may see is checked again when the page reconnects.
    await announce(tx, { type: "access-changed", tenantId: actor.tenantId, userId });
  });
}

async function assertAnotherOwner(db: Db, tenantId: string, exceptUserId: string) {
  const owners = await db.membership.count({ where: { tenantId, role: "OWNER", userId: { not: exceptUserId } } });
  if (owners === 0) throw conflict("An organization needs at least one owner");
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
