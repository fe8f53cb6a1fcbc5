/**
 * Password reset, change of password and change of email, through tRPC callers on the real
 * database, with the mails received by a real SMTP server on 127.0.0.1 and their links used.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { smtpTransport, useMailTransport } from "@/server/mail/transport";
import { anonymousCaller, callerFor, createOwner, uniqueEmail } from "@/test/factories";
import { linkIn, startSmtpServer, type TestSmtpServer } from "@/test/smtp-server";
import { expectTrpcError } from "@/test/trpc-errors";
import { createSession, activeSessionUser } from "./sessions";
import { verifyCredentials } from "./credentials";
import { RESET_ACCOUNT_POLICY } from "./sign-in-throttle";

let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer();
  useMailTransport(smtpTransport(smtp.url));
});
afterAll(async () => {
  useMailTransport(undefined);
  await smtp?.close();
});

const tokenOf = (link: string) => new URL(link).searchParams.get("token")!;
const live = async (userId: string, sessionId: string) => (await activeSessionUser(db(), sessionId, userId)) !== null;

describe("password reset", () => {
  it("mails a one-hour single-use link that sets the password and ends every session", async () => {
    const owner = await createOwner("Acme");
    const laptop = await createSession(db(), owner.userId);
    const phone = await createSession(db(), owner.userId);

    expect(await anonymousCaller().account.requestPasswordReset({ email: owner.email.toUpperCase() })).toEqual({ email: owner.email });
    const [mail] = await smtp.waitForMails(1, (m) => m.to.includes(owner.email));
    expect(mail!.subject).toBe("Reset your Switchboard password");
    expect(mail!.text).toContain("expires in 1 hour");
    const link = linkIn(mail!, "/reset-password");
    expect(mail!.html).toContain(link.replaceAll("&", "&amp;"));
    const row = await db().accountToken.findFirstOrThrow({ where: { userId: owner.userId, kind: "PASSWORD_RESET" } });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeGreaterThan(59 * 60_000);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeLessThanOrEqual(60 * 60_000 + 1_000);

    const result = await anonymousCaller().account.resetPassword({ token: tokenOf(link), password: "a brand new secret" });
    expect(result).toEqual({ email: owner.email, sessionsEnded: 2 });
    expect(await live(owner.userId, laptop)).toBe(false);
    expect(await live(owner.userId, phone)).toBe(false);
    expect(await verifyCredentials(db(), { email: owner.email, password: "a brand new secret" })).toMatchObject({ id: owner.userId });
    expect(await verifyCredentials(db(), { email: owner.email, password: "password123" })).toBeNull();

    await expectTrpcError(anonymousCaller().account.resetPassword({ token: tokenOf(link), password: "yet another one" }), "BAD_REQUEST", /not valid any more/);
  });

  it("answers the same for an unknown email and mails nothing; a newer link replaces the older; an expired link is refused", async () => {
    const nobody = uniqueEmail("nobody");
    expect(await anonymousCaller().account.requestPasswordReset({ email: nobody })).toEqual({ email: nobody });

    const owner = await createOwner("Acme");
    await anonymousCaller().account.requestPasswordReset({ email: owner.email });
    await anonymousCaller().account.requestPasswordReset({ email: owner.email });
    const mails = await smtp.waitForMails(2, (m) => m.to.includes(owner.email));
    const [older, newer] = mails.map((m) => tokenOf(linkIn(m, "/reset-password")));
    await expectTrpcError(anonymousCaller().account.resetPassword({ token: older!, password: "password456" }), "BAD_REQUEST", /not valid any more/);
    await db().accountToken.updateMany({ where: { userId: owner.userId, usedAt: null }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    await expectTrpcError(anonymousCaller().account.resetPassword({ token: newer!, password: "password456" }), "BAD_REQUEST", /expired/);
    expect(smtp.mails.filter((m) => m.to.includes(nobody))).toHaveLength(0);
  });

  it("cannot be used to flood a mailbox: requests for one email are throttled", async () => {
    const owner = await createOwner("Acme");
    for (let i = 0; i < RESET_ACCOUNT_POLICY.freeFailures; i += 1) await anonymousCaller().account.requestPasswordReset({ email: owner.email });
    await expectTrpcError(anonymousCaller().account.requestPasswordReset({ email: owner.email }), "BAD_REQUEST", /Too many reset requests .* try again in 1 minute/);
    await smtp.waitForMails(RESET_ACCOUNT_POLICY.freeFailures, (m) => m.to.includes(owner.email));
    expect(await db().outboundMail.count({ where: { to: owner.email } })).toBe(RESET_ACCOUNT_POLICY.freeFailures);
    // Sign-in has its own counts: the account still signs in.
    expect(await verifyCredentials(db(), { email: owner.email, password: "password123" })).not.toBeNull();
  });
});

describe("account settings", () => {
  it("change the password with the current one, ending the other sessions only", async () => {
    const owner = await createOwner("Acme");
    const here = await createSession(db(), owner.userId);
    const elsewhere = await createSession(db(), owner.userId);
    const { caller, context } = await callerFor(owner.userId, owner.tenantId);
    context.sessionId = here;

    const wrong = await expectTrpcError(caller.account.changePassword({ currentPassword: "not it", newPassword: "password456" }), "BAD_REQUEST", "The current password is not right");
    expect(wrong.cause).toMatchObject({ field: "currentPassword" });
    await expectTrpcError(caller.account.changePassword({ currentPassword: "password123", newPassword: "short" }), "BAD_REQUEST", /at least 8/);

    expect(await caller.account.changePassword({ currentPassword: "password123", newPassword: "password456" })).toEqual({ sessionsEnded: 1 });
    expect(await live(owner.userId, here)).toBe(true);
    expect(await live(owner.userId, elsewhere)).toBe(false);
    expect(await verifyCredentials(db(), { email: owner.email, password: "password456" })).not.toBeNull();
  });

  it("change the email only once the new address confirms it, and tell the old address", async () => {
    const owner = await createOwner("Acme");
    const { caller } = await callerFor(owner.userId, owner.tenantId);
    const newEmail = uniqueEmail("renamed");
    const taken = await createOwner("Other");

    await expectTrpcError(caller.account.requestEmailChange({ newEmail: taken.email, currentPassword: "password123" }), "CONFLICT", "Another account uses this email");
    await expectTrpcError(caller.account.requestEmailChange({ newEmail, currentPassword: "wrong" }), "BAD_REQUEST", "The current password is not right");
    expect(await caller.account.requestEmailChange({ newEmail, currentPassword: "password123" })).toEqual({ newEmail });
    expect((await db().user.findUniqueOrThrow({ where: { id: owner.userId } })).email).toBe(owner.email);

    const [mail] = await smtp.waitForMails(1, (m) => m.to.includes(newEmail));
    expect(mail!.subject).toBe("Confirm your new Switchboard email");
    expect(mail!.html).toContain("Confirm this email");
    const link = linkIn(mail!, "/confirm-email");
    expect(await anonymousCaller().account.confirmEmailChange({ token: tokenOf(link) })).toEqual({ email: newEmail });
    expect((await db().user.findUniqueOrThrow({ where: { id: owner.userId } })).email).toBe(newEmail);
    const [notice] = await smtp.waitForMails(1, (m) => m.to.includes(owner.email) && m.subject === "Your Switchboard email was changed");
    expect(notice!.text).toContain(`is now ${newEmail}`);
    await expectTrpcError(anonymousCaller().account.confirmEmailChange({ token: tokenOf(link) }), "BAD_REQUEST", /not valid any more/);
  });
});
