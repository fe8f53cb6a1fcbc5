/**
 * Server-side records of signed-in browsers. The session cookie is a next-auth JWT that carries
 * one of these ids (`sid`); a cookie whose record is revoked, expired or gone signs nobody in,
 * however long the JWT itself would still be valid. Revoking is how sign-out, "sign out of all
 * devices" and a password change end sessions at once.
 */
import { randomBytes } from "node:crypto";
import type { Db } from "@/server/db/client";

/** How long a session lasts from sign-in: next-auth's default session maxAge (30 days). */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

export interface SessionUser {
  id: string;
  name: string;
  email: string;
}

/** A new session for a user who just proved who they are; its id goes into the cookie. */
export async function createSession(db: Db, userId: string, now = new Date()): Promise<string> {
  const id = randomBytes(32).toString("base64url");
  // The user's ended sessions are of no use any more: each sign-in clears them away.
  await db.userSession.deleteMany({ where: { userId, OR: [{ revokedAt: { not: null } }, { expiresAt: { lte: now } }] } });
  await db.userSession.create({ data: { id, userId, expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000) } });
  return id;
}

/**
 * The user of a live session, or null. One primary-key lookup joined to the user by primary key,
 * on every signed-in request: the name and email shown are the current ones, and a deleted user
 * or a revoked session loses access with the next request.
 */
export async function activeSessionUser(db: Db, sessionId: string, userId: string): Promise<SessionUser | null> {
  const rows = await db.$queryRaw<SessionUser[]>`
    SELECT u."id", u."name", u."email"
    FROM "UserSession" s JOIN "User" u ON u."id" = s."userId"
    WHERE s."id" = ${sessionId} AND s."userId" = ${userId} AND s."revokedAt" IS NULL AND s."expiresAt" > now()`;
  return rows[0] ?? null;
}

/** Ends one session (sign-out). Revoking an unknown or already revoked session is a no-op. */
export async function revokeSession(db: Db, sessionId: string): Promise<void> {
  await db.userSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Ends every session of the user ("sign out of all devices"); returns how many were live. */
export async function revokeAllSessions(db: Db, userId: string): Promise<number> {
  const { count } = await db.userSession.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count;
}

/** Ends every session of the user but the current one: what a password change must do. */
export async function revokeOtherSessions(db: Db, userId: string, keepSessionId: string): Promise<number> {
  const { count } = await db.userSession.updateMany({
    where: { userId, revokedAt: null, id: { not: keepSessionId } },
    data: { revokedAt: new Date() },
  });
  return count;
}
