import { getToken } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { env } from "@/server/config/env";

/**
 * The signed-in user's ID from a request's session cookie (next-auth's JWT, as getServerSession
 * reads it), or null. For route handlers that take the request itself, such as a live stream.
 */
export async function sessionUserId(request: Request): Promise<string | null> {
  const token = await getToken({ req: request instanceof NextRequest ? request : new NextRequest(request), secret: env().NEXTAUTH_SECRET });
  return typeof token?.sub === "string" ? token.sub : null;
}
