import { encode } from "next-auth/jwt";
import { CURRENT_TENANT_COOKIE } from "@/server/tenancy/memberships";

/**
 * The cookies a browser holds after signing in (next-auth's session JWT, encrypted with the app's
 * NEXTAUTH_SECRET exactly as next-auth issues it) and, optionally, its current organization.
 */
export async function sessionCookie(userId: string, tenantId?: string): Promise<string> {
  const token = await encode({ token: { sub: userId }, secret: process.env.NEXTAUTH_SECRET ?? "" });
  return [`next-auth.session-token=${token}`, ...(tenantId ? [`${CURRENT_TENANT_COOKIE}=${tenantId}`] : [])].join("; ");
}
