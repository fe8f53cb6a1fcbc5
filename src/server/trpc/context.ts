import { requestSession } from "@/server/auth/request-session";
import type { SessionUser } from "@/server/auth/session";
import { db, type Db } from "@/server/db/client";
import { isDatabaseUnavailable } from "@/server/db/errors";
import { CURRENT_TENANT_COOKIE, resolveCurrentMembership, type CurrentMembership } from "@/server/tenancy/memberships";
import { forwardedClientIp } from "@/server/http/client-ip";
import { databaseUnavailable } from "./database-unavailable";

export interface Context {
  db: Db;
  user: SessionUser | null;
  membership: CurrentMembership | null;
  /** The caller's server-side session (src/server/accounts/sessions.ts), kept when a password change ends the others. */
  sessionId?: string | null;
  /** The request's client address, for throttles (src/server/http/client-ip.ts). */
  clientIp?: string | null;
  /** Lets a procedure set cookies on the response (switching organization). */
  resHeaders: Headers;
}

function readCookie(headers: Headers, name: string): string | undefined {
  const cookie = headers.get("cookie");
  if (!cookie) return undefined;
  for (const part of cookie.split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return undefined;
}

export async function createContext(opts: { req: Request; resHeaders: Headers }): Promise<Context> {
  try {
    const session = await requestSession(opts.req.headers);
    const user = session?.user ?? null;
    const membership = user
      ? await resolveCurrentMembership(db(), user.id, readCookie(opts.req.headers, CURRENT_TENANT_COOKIE))
      : null;
    return { db: db(), user, membership, sessionId: session?.sessionId ?? null, clientIp: forwardedClientIp(opts.req.headers), resHeaders: opts.resHeaders };
  } catch (error) {
    // The context is read before any procedure runs, outside init.ts' error mapping.
    throw isDatabaseUnavailable(error) ? databaseUnavailable(error) : error;
  }
}
