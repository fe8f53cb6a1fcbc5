/**
 * Invitations end to end below the UI: tRPC callers on the real database, the mail through a
 * real SMTP server on 127.0.0.1, and the link read from the received mail.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { smtpTransport, useMailTransport } from "@/server/mail/transport";
import { anonymousCaller, callerFor, createMember, createOwner, uniqueEmail } from "@/test/factories";
import { linkIn, startSmtpServer, type TestSmtpServer } from "@/test/smtp-server";
import { expectTrpcError } from "@/test/trpc-errors";
import { lookupInvitation } from "./invitations";
import { resolveCurrentMembership } from "./memberships";

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

async function invitationLink(to: string, nth = 1) {
  const mails = await smtp.waitForMails(nth, (m) => m.to.includes(to));
  return linkIn(mails[nth - 1]!, "/invitations/accept");
}

describe("invitations", () => {
  it("mail a link that signs a new user up into the inviting organization only, with the role, once", async () => {
    const acme = await createOwner("Acme");
    const { caller } = await callerFor(acme.userId, acme.tenantId);
    const email = uniqueEmail("newcomer");
    await caller.member.invite({ email, role: "AGENT" });

    const [mail] = await smtp.waitForMails(1, (m) => m.to.includes(email));
    expect(mail!.subject).toBe("Join Acme on Switchboard");
    expect(mail!.text).toContain("Owner invited you to join Acme on Switchboard as Agent.");
    expect(mail!.text).toContain("expires in 7 days");
    const link = linkIn(mail!, "/invitations/accept");
    expect(mail!.html).toContain(`href="${link.replaceAll("&", "&amp;")}"`);
    // Only the hash is stored.
    const row = await db().invitation.findFirstOrThrow({ where: { tenantId: acme.tenantId, email } });
    expect(row.tokenHash).not.toContain(tokenOf(link));
    expect(row.expiresAt.getTime() - row.sentAt.getTime()).toBe(7 * 86_400_000);
    expect((await caller.member.invitations()).map((i) => i.email)).toEqual([email]);

    expect(await lookupInvitation(db(), tokenOf(link))).toMatchObject({ status: "valid", email, role: "AGENT", tenantName: "Acme", hasAccount: false });
    const joined = await anonymousCaller().invitation.signUp({ token: tokenOf(link), name: "Nia Newcomer", password: "password123" });
    expect(joined).toEqual({ tenantId: acme.tenantId, email });

    const user = await db().user.findUniqueOrThrow({ where: { email }, include: { memberships: true } });
    expect(user.memberships.map((m) => ({ tenantId: m.tenantId, role: m.role }))).toEqual([{ tenantId: acme.tenantId, role: "AGENT" }]);
    expect(await resolveCurrentMembership(db(), user.id, undefined)).toMatchObject({ tenantId: acme.tenantId, role: "AGENT" });
    expect(await caller.member.invitations()).toEqual([]);

    // Single use.
    await expectTrpcError(anonymousCaller().invitation.signUp({ token: tokenOf(link), name: "Again", password: "password123" }), "BAD_REQUEST", /not valid any more/);
    expect(await lookupInvitation(db(), tokenOf(link))).toEqual({ status: "invalid" });
  });

  it("join an existing account by signing in, and it then lands in the organization it joined last", async () => {
    const acme = await createOwner("Acme");
    const globex = await createOwner("Globex");
    const { caller } = await callerFor(acme.userId, acme.tenantId);
    // Globex's owner has an account (and an organization) already.
    const invited = await db().user.findUniqueOrThrow({ where: { id: globex.userId } });
    await caller.member.invite({ email: invited.email, role: "VIEWER" });
    const token = tokenOf(await invitationLink(invited.email));
    expect(await lookupInvitation(db(), token)).toMatchObject({ status: "valid", hasAccount: true });

    // Someone else signed in cannot take it.
    const stranger = await createOwner("Stranger");
    const { caller: strangerCaller } = await callerFor(stranger.userId, stranger.tenantId);
    await expectTrpcError(strangerCaller.invitation.accept({ token }), "FORBIDDEN", `This invitation is for ${invited.email}. Sign out and open the link again to accept it with that account.`);
    expect(await db().membership.count({ where: { tenantId: acme.tenantId, userId: stranger.userId } })).toBe(0);
    // Nor sign up over an account that exists.
    await expectTrpcError(anonymousCaller().invitation.signUp({ token, name: "X", password: "password123" }), "CONFLICT");

    const { caller: invitedCaller, context } = await callerFor(invited.id, globex.tenantId);
    expect(await invitedCaller.invitation.accept({ token })).toEqual({ tenantId: acme.tenantId });
    expect(context.resHeaders.get("set-cookie")).toContain(`sb-tenant=${acme.tenantId}`);
    const memberships = await db().membership.findMany({ where: { userId: invited.id }, orderBy: { createdAt: "asc" } });
    expect(memberships.map((m) => [m.tenantId, m.role])).toEqual([
      [globex.tenantId, "OWNER"],
      [acme.tenantId, "VIEWER"],
    ]);
    // A sign-in without the organization cookie lands where they were last: the organization they joined.
    expect((await resolveCurrentMembership(db(), invited.id, undefined))?.tenantId).toBe(acme.tenantId);
    // Switching back is remembered too.
    await invitedCaller.tenant.switch({ tenantId: globex.tenantId });
    expect((await resolveCurrentMembership(db(), invited.id, undefined))?.tenantId).toBe(globex.tenantId);
  });

  it("expire after 7 days, and resend gives a new link while the old stops working", async () => {
    const acme = await createOwner("Acme");
    const { caller } = await callerFor(acme.userId, acme.tenantId);
    const email = uniqueEmail("late");
    const first = await caller.member.invite({ email, role: "AGENT" });
    const oldToken = tokenOf(await invitationLink(email));
    await db().invitation.update({ where: { id: first.id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    expect(await lookupInvitation(db(), oldToken)).toEqual({ status: "expired" });
    await expectTrpcError(anonymousCaller().invitation.signUp({ token: oldToken, name: "Late", password: "password123" }), "BAD_REQUEST", /expired/);
    expect((await caller.member.invitations())[0]).toMatchObject({ email, expired: true });

    const resent = await caller.member.resendInvitation({ id: first.id });
    expect(resent).toMatchObject({ id: first.id, expired: false });
    const newToken = tokenOf(await invitationLink(email, 2));
    expect(newToken).not.toBe(oldToken);
    expect(await lookupInvitation(db(), oldToken)).toEqual({ status: "invalid" });
    expect(await lookupInvitation(db(), newToken)).toMatchObject({ status: "valid" });
  });

  it("revoked, the link stops working and the list drops it", async () => {
    const acme = await createOwner("Acme");
    const { caller } = await callerFor(acme.userId, acme.tenantId);
    const email = uniqueEmail("revoked");
    const invitation = await caller.member.invite({ email, role: "AGENT" });
    const token = tokenOf(await invitationLink(email));
    await caller.member.revokeInvitation({ id: invitation.id });
    expect(await caller.member.invitations()).toEqual([]);
    await expectTrpcError(anonymousCaller().invitation.signUp({ token, name: "R", password: "password123" }), "BAD_REQUEST", /revoked/);
    await expectTrpcError(caller.member.revokeInvitation({ id: invitation.id }), "NOT_FOUND", "Invitation not found");
    await expectTrpcError(caller.member.resendInvitation({ id: invitation.id }), "NOT_FOUND");
    expect(await db().user.count({ where: { email } })).toBe(0);
  });

  it("follow the role rules: only owners invite (and resend to) owners, viewers and agents invite nobody", async () => {
    const acme = await createOwner("Acme");
    const admin = await createMember(acme.tenantId, "ADMIN");
    const agent = await createMember(acme.tenantId, "AGENT");
    const { caller: adminCaller } = await callerFor(admin.userId, acme.tenantId);
    await expectTrpcError(adminCaller.member.invite({ email: uniqueEmail("o"), role: "OWNER" }), "FORBIDDEN", "Only an owner can invite someone as an owner");
    await adminCaller.member.invite({ email: uniqueEmail("a"), role: "ADMIN" });
    const { caller: agentCaller } = await callerFor(agent.userId, acme.tenantId);
    await expectTrpcError(agentCaller.member.invite({ email: uniqueEmail("v"), role: "VIEWER" }), "FORBIDDEN");
    await expectTrpcError(agentCaller.member.invitations(), "FORBIDDEN");

    // An owner's invitation as OWNER cannot be resent by an admin either.
    const { caller: ownerCaller } = await callerFor(acme.userId, acme.tenantId);
    const ownerInvite = await ownerCaller.member.invite({ email: uniqueEmail("co-owner"), role: "OWNER" });
    await expectTrpcError(adminCaller.member.resendInvitation({ id: ownerInvite.id }), "FORBIDDEN");
    // Revoking grants nothing: an admin may.
    await adminCaller.member.revokeInvitation({ id: ownerInvite.id });
    expect((await ownerCaller.member.invitations()).map((i) => i.id)).not.toContain(ownerInvite.id);
  });

  it("of one tenant cannot be listed, resent or revoked by an admin of another", async () => {
    const acme = await createOwner("Acme");
    const globex = await createOwner("Globex");
    const globexAdmin = await createMember(globex.tenantId, "ADMIN");
    const { caller: acmeCaller } = await callerFor(acme.userId, acme.tenantId);
    const email = uniqueEmail("acme-invitee");
    const invitation = await acmeCaller.member.invite({ email, role: "AGENT" });
    await invitationLink(email);

    // Even asking for Acme by cookie, Globex's admin works in Globex.
    const { caller } = await callerFor(globexAdmin.userId, acme.tenantId);
    expect(await caller.member.invitations()).toEqual([]);
    await expectTrpcError(caller.member.resendInvitation({ id: invitation.id }), "NOT_FOUND");
    await expectTrpcError(caller.member.revokeInvitation({ id: invitation.id }), "NOT_FOUND");
    const row = await db().invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.revokedAt).toBeNull();
    expect(row.sentAt).toEqual(invitation.sentAt);
    expect(smtp.mails.filter((m) => m.to.includes(email))).toHaveLength(1);
  });
});
