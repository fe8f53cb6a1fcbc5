// Changing a member's role. Only an OWNER makes or unmakes an OWNER, and the last OWNER stays one.
import type { Db } from "@/server/db/client";
import { forbidden, notFound } from "@/server/errors";
import { announce } from "@/server/live/publish";
import type { Actor } from "./actor";
import { assertAnotherOwner, lockOrganization } from "./member-lock";
import type { Role } from "./roles";

/** Only an OWNER may make someone an OWNER. */
function assertMayGrant(actor: Actor, role: Role) {
  if (role === "OWNER" && actor.role !== "OWNER") throw forbidden("Only an owner can make someone an owner");
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
