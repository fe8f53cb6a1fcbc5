import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { currentUser } from "@/server/auth/session";
import { db } from "@/server/db/client";
import { CURRENT_TENANT_COOKIE, listMemberships, resolveCurrentMembership } from "./memberships";

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
