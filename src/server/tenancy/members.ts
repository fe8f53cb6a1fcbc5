// Reading an organization's members (every role may see who belongs to it).
import type { Db } from "@/server/db/client";
import type { Actor } from "./actor";

export async function listMembers(db: Db, actor: Actor) {
  const rows = await db.membership.findMany({
    where: { tenantId: actor.tenantId },
    include: { user: { select: { name: true, email: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((m) => ({ userId: m.userId, name: m.user.name, email: m.user.email, role: m.role, since: m.createdAt }));
}
