/**
 * The console pages' workspace (an adapter: Next.js's cookies, redirect and not-found page):
 * the signed-in user and their current organization, resolved by the domain's memberships.
 */
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { currentUser } from "./session";
import { db } from "@/server/db/client";
import { CURRENT_TENANT_COOKIE, listMemberships, resolveCurrentMembership } from "@/server/tenancy/memberships";
import { hasOwnedRecord, type OwnedKind } from "@/server/tenancy/owned-record";

/** For pages behind sign-in: the user, their current organization and all of theirs. */
export async function requireWorkspace() {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const requested = (await cookies()).get(CURRENT_TENANT_COOKIE)?.value;
  const [membership, memberships] = await Promise.all([
    resolveCurrentMembership(db(), user.id, requested),
    listMemberships(db(), user.id),
  ]);
  return { user, membership, memberships };
}

/**
 * The workspace of a detail page whose record must be the organization's own: Next.js's
 * not-found page for an unknown or foreign ID, before anything renders.
 */
export async function requireOwnedRecord(kind: OwnedKind, id: string) {
  const workspace = await requireWorkspace();
  if (workspace.membership && !(await hasOwnedRecord(db(), workspace.membership.tenantId, kind, id))) notFound();
  return workspace;
}
