/**
 * Password reset by email: a single-use link valid for an hour. The request answers the same
 * whether or not an account uses the email, and is throttled per email and per address
 * (resetRequestThrottleFor) so it cannot flood a mailbox. Resetting ends every session.
 */
import type { Db } from "@/server/db/client";
import { DomainError } from "@/server/errors";
import { appLink, composeMail, queueMail } from "@/server/mail";
import { issueAccountToken, takeAccountToken } from "./account-tokens";
import { hashPassword } from "./password";
import { SignInLocked, waitText, type SignInThrottle } from "./sign-in-throttle";

export const RESET_TTL_MS = 60 * 60 * 1000;
export const RESET_PATH = "/reset-password";

/**
 * Queues a reset link if an account uses the email. Returns the mail's key (or null), which
 * only the server uses (the hand-off after commit); the caller tells the user nothing of it.
 */
export async function requestPasswordReset(db: Db, throttle: SignInThrottle, email: string, ip: string | null): Promise<string | null> {
  try {
    let mailKey: string | null = null;
    // Every request counts against the email and the address ("failed" to the throttle).
    await throttle.attempt(email, ip, async () => {
      mailKey = await issueReset(db, email);
      return null;
    });
    return mailKey;
  } catch (error) {
    if (error instanceof SignInLocked) {
      throw new DomainError("BAD_REQUEST", `Too many reset requests for this email or from this address: try again in ${waitText(error.retryAfterSeconds)}.`, "email");
    }
    throw error;
  }
}

async function issueReset(db: Db, email: string): Promise<string | null> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true, name: true, email: true } });
  if (!user) return null;
  return db.$transaction(async (tx) => {
    const { id, token } = await issueAccountToken(tx, { userId: user.id, kind: "PASSWORD_RESET", ttlMs: RESET_TTL_MS });
    const { text, html } = composeMail({
      heading: "Reset your Switchboard password",
      paragraphs: [`Hello ${user.name}, someone (hopefully you) asked to reset the password of ${user.email} on Switchboard.`],
      action: { label: "Choose a new password", url: appLink(RESET_PATH, { token }) },
      footer: [
        "The link works once and expires in 1 hour. Resetting signs you out everywhere.",
        "If you did not ask for this, ignore this mail: your password stays as it is.",
      ],
    });
    const dedupeKey = `password-reset:${id}`;
    await queueMail(tx, { tenantId: null, to: user.email, subject: "Reset your Switchboard password", text, html, dedupeKey });
    return dedupeKey;
  });
}

/** Sets the new password and ends every session of the account; returns the email to sign in with. */
export async function resetPassword(db: Db, input: { token: string; password: string }): Promise<{ email: string; sessionsEnded: number }> {
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const token = await takeAccountToken(tx, input.token, "PASSWORD_RESET", {
      invalid: "This reset link is not valid any more: it was used or replaced by a newer one. Ask for a new link.",
      expired: "This reset link has expired (links last an hour). Ask for a new one.",
    });
    await tx.user.update({ where: { id: token.userId }, data: { passwordHash } });
    await tx.accountToken.deleteMany({ where: { userId: token.userId, kind: "PASSWORD_RESET", usedAt: null } });
    // Every session ends with the old password, in the same transaction.
    const { count } = await tx.userSession.updateMany({ where: { userId: token.userId, revokedAt: null }, data: { revokedAt: new Date() } });
    const user = await tx.user.findUniqueOrThrow({ where: { id: token.userId }, select: { email: true } });
    return { email: user.email, sessionsEnded: count };
  });
}
