/** Test data through the real domain functions, on the real test database. */
import { randomUUID } from "node:crypto";
import { signUp } from "@/server/accounts/sign-up";
import { db } from "@/server/db/client";
import { resolveCurrentMembership } from "@/server/tenancy/memberships";
import type { Role } from "@/server/tenancy/roles";
import type { Context } from "@/server/trpc/context";
import { createCaller } from "@/server/trpc/root";

export const uniqueEmail = (label = "user") => `${label}-${randomUUID()}@example.test`;

export async function createOwner(organizationName = "Acme") {
  const email = uniqueEmail("owner");
  const { userId, tenantId } = await signUp(db(), { name: "Owner", email, password: "password123", organizationName });
  return { userId, tenantId, email };
}

export async function createMember(tenantId: string, role: Role) {
  const email = uniqueEmail(role.toLowerCase());
  const user = await db().user.create({ data: { email, name: role, passwordHash: "unused" } });
  await db().membership.create({ data: { userId: user.id, tenantId, role } });
  return { userId: user.id, email };
}

/** A tRPC caller for a signed-in user, the organization resolved as a request would (cookie). */
export async function callerFor(userId: string, requestedTenantId?: string) {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
  const context: Context = {
    db: db(),
    user: { id: user.id, name: user.name, email: user.email },
    membership: await resolveCurrentMembership(db(), user.id, requestedTenantId),
    resHeaders: new Headers(),
  };
  return { caller: createCaller(context), context };
}

export const anonymousCaller = () => createCaller({ db: db(), user: null, membership: null, resHeaders: new Headers() });
