/**
 * Changing one's own password and email from settings. Both need the current password (checked
 * through the sign-in throttle, so a left-open session cannot be used to guess it). A new password
 * ends every other session; a new email is confirmed by a link mailed to it, and the old address
 * is told once the change is made.
 */
import type { Db } from "@/server/db/client";
import { badRequest, conflict } from "@/server/errors";
import { isUniqueViolation } from "@/server/db/errors";
import { appLink, composeMail, queueMail } from "@/server/mail";
import { accountTokenStatus, issueAccountToken, takeAccountToken } from "./account-tokens";
import { hashPassword, passwordMatches } from "./password";
import { revokeOtherSessions } from "./sessions";
import { SignInLocked, type SignInThrottle } from "./sign-in-throttle";

export const EMAIL_CHANGE_TTL_MS = 24 * 60 * 60 * 1000;
export const CONFIRM_EMAIL_PATH = "/confirm-email";

interface Me {
  id: string;
  email: string;
}

async function assertCurrentPassword(db: Db, throttle: SignInThrottle, me: Me, password: string, ip: string | null) {
  let ok: true | null;
  try {
    ok = await throttle.attempt(me.email, ip, async () => {
      const user = await db.user.findUniqueOrThrow({ where: { id: me.id }, select: { passwordHash: true } });
      return (await passwordMatches(user.passwordHash, password)) ? true : null;
    });
  } catch (error) {
    if (error instanceof SignInLocked) throw badRequest(error.message, "currentPassword");
    throw error;
  }
  if (!ok) throw badRequest("The current password is not right", "currentPassword");
}

export async function changePassword(
  db: Db,
  throttle: SignInThrottle,
  me: Me & { sessionId: string | null },
  input: { currentPassword: string; newPassword: string },
  ip: string | null,
): Promise<{ sessionsEnded: number }> {
  await assertCurrentPassword(db, throttle, me, input.currentPassword, ip);
  const passwordHash = await hashPassword(input.newPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: me.id }, data: { passwordHash } });
    await tx.accountToken.deleteMany({ where: { userId: me.id, kind: "PASSWORD_RESET", usedAt: null } });
  });
  const sessionsEnded = me.sessionId
    ? await revokeOtherSessions(db, me.id, me.sessionId)
    : (await db.userSession.updateMany({ where: { userId: me.id, revokedAt: null }, data: { revokedAt: new Date() } })).count;
  return { sessionsEnded };
}

/** Mails a confirmation link to the new address; the email changes only when it is opened. Returns the mail's key. */
export async function requestEmailChange(
  db: Db,
  throttle: SignInThrottle,
  me: Me & { name: string },
  input: { newEmail: string; currentPassword: string },
  ip: string | null,
): Promise<string> {
  if (input.newEmail === me.email) throw badRequest("This is already your email", "newEmail");
  await assertCurrentPassword(db, throttle, me, input.currentPassword, ip);
  const taken = await db.user.findUnique({ where: { email: input.newEmail }, select: { id: true } });
  if (taken) throw conflict("Another account uses this email", "newEmail");
  return db.$transaction(async (tx) => {
    const { id, token } = await issueAccountToken(tx, { userId: me.id, kind: "EMAIL_CHANGE", ttlMs: EMAIL_CHANGE_TTL_MS, newEmail: input.newEmail });
    const { text, html } = composeMail({
      heading: "Confirm your new email",
      paragraphs: [`Hello ${me.name}, confirm that ${input.newEmail} is the new sign-in email of your Switchboard account (now ${me.email}).`],
      action: { label: "Confirm this email", url: appLink(CONFIRM_EMAIL_PATH, { token }) },
      footer: ["The link works once and expires in 24 hours.", "If you did not ask for this, ignore this mail: nothing changes."],
    });
    const dedupeKey = `email-change:${id}`;
    await queueMail(tx, { tenantId: null, to: input.newEmail, subject: "Confirm your new Switchboard email", text, html, dedupeKey });
    return dedupeKey;
  });
}

/** The email change a link confirms; the old address is told. Returns the new email and the notice's mail key. */
export async function confirmEmailChange(db: Db, token: string): Promise<{ email: string; mailKey: string }> {
  try {
    return await db.$transaction(async (tx) => {
      const taken = await takeAccountToken(tx, token, "EMAIL_CHANGE", {
        invalid: "This confirmation link is not valid any more: it was used or replaced by a newer request.",
        expired: "This confirmation link has expired (links last 24 hours). Ask for the change again in settings.",
      });
      const before = await tx.user.findUniqueOrThrow({ where: { id: taken.userId }, select: { email: true, name: true } });
      const email = taken.newEmail!;
      await tx.user.update({ where: { id: taken.userId }, data: { email } });
      const { text, html } = composeMail({
        heading: "Your Switchboard email was changed",
        paragraphs: [`Hello ${before.name}, the sign-in email of your Switchboard account is now ${email} (it was ${before.email}).`],
        footer: ["If you did not make this change, reset your password from the sign-in page and tell your organization's owner."],
      });
      const mailKey = `email-changed:${taken.id}`;
      await queueMail(tx, { tenantId: null, to: before.email, subject: "Your Switchboard email was changed", text, html, dedupeKey: mailKey });
      return { email, mailKey };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("Another account uses this email now, so it cannot be yours", "token");
    throw error;
  }
}

export { accountTokenStatus };
