import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { expectTrpcError } from "@/test/trpc-errors";
import { anonymousCaller, callerFor, createMember, createOwner, uniqueEmail } from "@/test/factories";


describe("tenant procedures", () => {
  it("refuse anonymous callers", async () => {
    await expectTrpcError(anonymousCaller().member.list(), "UNAUTHORIZED");
  });

  it("never let a member of another tenant in, even when they ask for it by cookie", async () => {
    const acme = await createOwner("Acme");
    const globex = await createOwner("Globex");

    // Globex's owner asks for Acme: the request resolves to their own organization instead.
    const { caller, context } = await callerFor(globex.userId, acme.tenantId);
    expect(context.membership?.tenantId).toBe(globex.tenantId);
    const members = await caller.member.list();
    expect(members.map((m) => m.userId)).toEqual([globex.userId]);

    await expectTrpcError(caller.tenant.switch({ tenantId: acme.tenantId }), "NOT_FOUND");

    // Inviting someone acts on the caller's own organization, never on Acme.
    const outsider = uniqueEmail("outsider");
    await caller.member.invite({ email: outsider, role: "AGENT" });
    expect(await db().invitation.count({ where: { tenantId: acme.tenantId } })).toBe(0);
    expect(await db().invitation.count({ where: { tenantId: globex.tenantId, email: outsider } })).toBe(1);
  });

  it("refuse a VIEWER an ADMIN-only mutation, and write nothing", async () => {
    const acme = await createOwner("Acme");
    const viewer = await createMember(acme.tenantId, "VIEWER");
    const candidate = await createMember((await createOwner("Elsewhere")).tenantId, "AGENT");
    const { caller } = await callerFor(viewer.userId, acme.tenantId);

    const error = await expectTrpcError(caller.member.invite({ email: candidate.email, role: "AGENT" }), "FORBIDDEN");
    expect(error.message).toContain("ADMIN");
    expect(await db().membership.count({ where: { tenantId: acme.tenantId } })).toBe(2);
    expect(await db().invitation.count({ where: { tenantId: acme.tenantId } })).toBe(0);
    // Reading is fine for a viewer.
    expect(await caller.member.list()).toHaveLength(2);
  });

  it("let a user switch between organizations they belong to", async () => {
    const acme = await createOwner("Acme");
    const globex = await createOwner("Globex");
    const agent = await createMember(acme.tenantId, "AGENT");
    await db().membership.create({ data: { userId: agent.userId, tenantId: globex.tenantId, role: "ADMIN" } });

    const { caller, context } = await callerFor(agent.userId, globex.tenantId);
    expect(context.membership).toMatchObject({ tenantId: globex.tenantId, tenantName: "Globex", role: "ADMIN" });
    const switched = await caller.tenant.switch({ tenantId: acme.tenantId });
    expect(switched).toMatchObject({ tenantId: acme.tenantId, role: "AGENT" });
    expect(context.resHeaders.get("set-cookie")).toContain(`sb-tenant=${acme.tenantId}`);
    const { memberships } = await caller.tenant.list();
    expect(memberships.map((m) => m.tenantName).sort()).toEqual(["Acme", "Globex"]);
  });
});

describe("members", () => {
  it("are invited by email with a role by an admin; members and malformed emails are refused", async () => {
    const acme = await createOwner("Acme");
    const admin = await createMember(acme.tenantId, "ADMIN");
    const newcomer = await createMember((await createOwner("Other")).tenantId, "VIEWER");
    const { caller } = await callerFor(admin.userId, acme.tenantId);

    const invited = await caller.member.invite({ email: newcomer.email.toUpperCase(), role: "AGENT" });
    expect(invited).toMatchObject({ email: newcomer.email, role: "AGENT" });
    // Invited is not joined: the member list changes only when the invitation is accepted.
    expect((await caller.member.list()).find((m) => m.userId === newcomer.userId)).toBeUndefined();

    const duplicate = await expectTrpcError(caller.member.invite({ email: admin.email, role: "VIEWER" }), "CONFLICT");
    expect(duplicate.message).toBe("This person is already a member of the organization");
    await expectTrpcError(caller.member.invite({ email: "not an email", role: "AGENT" }), "BAD_REQUEST");
  });

  it("are invited with the same answer whether or not an account uses the email, and nobody joins or is created", async () => {
    const acme = await createOwner("Acme");
    const { caller } = await callerFor(acme.userId, acme.tenantId);
    const someone = await createMember((await createOwner("Other")).tenantId, "VIEWER");
    const nobody = uniqueEmail("nobody");

    const known = await caller.member.invite({ email: someone.email, role: "AGENT" });
    const unknown = await caller.member.invite({ email: nobody, role: "AGENT" });
    expect(known).toMatchObject({ email: someone.email, role: "AGENT", invitedBy: "Owner", expired: false });
    expect(unknown).toMatchObject({ email: nobody, role: "AGENT", invitedBy: "Owner", expired: false });
    expect(Object.keys(known)).toEqual(Object.keys(unknown));
    expect(await db().membership.count({ where: { tenantId: acme.tenantId } })).toBe(1);
    expect(await db().user.count({ where: { email: nobody } })).toBe(0);
  });

  it("only an owner grants OWNER, and the last owner cannot leave", async () => {
    const acme = await createOwner("Acme");
    const admin = await createMember(acme.tenantId, "ADMIN");
    const { caller: adminCaller } = await callerFor(admin.userId, acme.tenantId);
    await expectTrpcError(adminCaller.member.changeRole({ userId: admin.userId, role: "OWNER" }), "FORBIDDEN");
    await expectTrpcError(adminCaller.member.remove({ userId: acme.userId }), "FORBIDDEN");

    const { caller: ownerCaller } = await callerFor(acme.userId, acme.tenantId);
    await expectTrpcError(ownerCaller.member.changeRole({ userId: acme.userId, role: "ADMIN" }), "CONFLICT");
    await ownerCaller.member.changeRole({ userId: admin.userId, role: "OWNER" });
    await ownerCaller.member.changeRole({ userId: acme.userId, role: "ADMIN" });
    expect((await ownerCaller.member.list()).map((m) => m.role).sort()).toEqual(["ADMIN", "OWNER"]);
  });
});
