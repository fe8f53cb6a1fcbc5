/**
 * A new organization with its first member, an OWNER: at sign-up (in the sign-up's transaction,
 * with the new user) and when a signed-in user adds another organization.
 */
import type { DbOrTx } from "@/server/db/tx";

export async function createTenant(db: DbOrTx, ownerId: string, name: string): Promise<{ id: string; name: string }> {
  return db.tenant.create({
    data: { name, memberships: { create: { userId: ownerId, role: "OWNER" } } },
    select: { id: true, name: true },
  });
}
