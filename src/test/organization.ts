/** An organization with its owner's tRPC caller, and more members on demand. */
import type { Actor } from "@/server/tenancy/actor";
import type { Role } from "@/server/tenancy/roles";
import { callerFor, createMember, createOwner } from "./factories";

/** An organization with an owner's caller and Actor; `as(role)` adds a member with that role and returns their caller. */
export async function organization(name = "Acme") {
  const owner = await createOwner(name);
  const { caller } = await callerFor(owner.userId, owner.tenantId);
  const actor: Actor = { userId: owner.userId, tenantId: owner.tenantId, role: "OWNER" };
  return {
    ...owner,
    caller,
    actor,
    async as(role: Role) {
      const member = await createMember(owner.tenantId, role);
      return (await callerFor(member.userId, owner.tenantId)).caller;
    },
  };
}
