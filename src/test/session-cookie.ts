import { encode } from "next-auth/jwt";
import { createSession } from "@/server/accounts/sessions";
import { db } from "@/server/db/client";
import { CURRENT_TENANT_COOKIE } from "@/server/tenancy/memberships";

/**
 * The cookies a browser holds after signing in (a new session record, and next-auth's session JWT
 * naming it, encrypted with the app's NEXTAUTH_SECRET exactly as next-auth issues it) and,
 * optionally, its current organization.
 */
export async function sessionCookie(userId: string, tenantId?: string): Promise<string> {
  const sid = await createSession(db(), userId);
  const token = await encode({ token: { sub: userId, sid }, secret: process.env.NEXTAUTH_SECRET ?? "" });
  return [`next-auth.session-token=${token}`, ...(tenantId ? [`${CURRENT_TENANT_COOKIE}=${tenantId}`] : [])].join("; ");
}
