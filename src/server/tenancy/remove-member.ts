// Removing a member from an organization: only an OWNER removes an OWNER, never the last one.
import type { Db } from "@/server/db/client";
import { forbidden, notFound } from "@/server/errors";
import { announce } from "@/server/live/publish";
import type { Actor } from "./actor";
import { assertAnotherOwner, lockOrganization } from "./member-lock";

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
