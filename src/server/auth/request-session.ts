import { getToken } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { activeSessionUser, type SessionUser } from "@/server/accounts/sessions";
import { env } from "@/server/config/env";
import { db } from "@/server/db/client";

export interface RequestSession {
  user: SessionUser;
  /** The server-side session record the cookie names (src/server/accounts/sessions.ts). */
  sessionId: string;
}

/**
 * The signed-in session of a request's headers, or null: next-auth's JWT from the session cookie,
 * decrypted with NEXTAUTH_SECRET, and then its session record, which must be live. A JWT without
 * a session id (issued before session records existed) signs nobody in.
 */
export async function requestSession(headers: Headers): Promise<RequestSession | null> {
  // getToken only reads the cookies (and an Authorization header) of what it is given.
  const token = await getToken({ req: new NextRequest("http://localhost/", { headers }), secret: env().NEXTAUTH_SECRET });
  if (typeof token?.sub !== "string" || typeof token.sid !== "string") return null;
  const user = await activeSessionUser(db(), token.sid, token.sub);
  return user ? { user, sessionId: token.sid } : null;
}

/** The signed-in user's ID for a route handler that takes the request itself, such as a live stream. */
export async function sessionUserId(request: Request): Promise<string | null> {
  return (await requestSession(request.headers))?.user.id ?? null;
}
