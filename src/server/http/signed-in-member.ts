/**
 * The signed-in member of a route handler's request (the session cookie and the current
 * organization cookie), as the tRPC context resolves them: 401 without a session, 403 without
 * a membership.
 */
import type { Actor } from "@/server/tenancy/actor";
import { sessionUserId } from "@/server/auth/request-session";
import { db } from "@/server/db/client";
import { CURRENT_TENANT_COOKIE, resolveCurrentMembership } from "@/server/tenancy/memberships";
import { readCookie } from "./cookies";
import { ApiError } from "./json-api";

export async function signedInMember(request: Request, what: string): Promise<Actor> {
  const userId = await sessionUserId(request);
  if (!userId) throw new ApiError(401, "UNAUTHORIZED", `Sign in to ${what}`, "session");
  const membership = await resolveCurrentMembership(db(), userId, readCookie(request.headers, CURRENT_TENANT_COOKIE));
  if (!membership) throw new ApiError(403, "FORBIDDEN", "You are not a member of any organization");
  return { userId, tenantId: membership.tenantId, role: membership.role };
}
