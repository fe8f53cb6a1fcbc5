/**
 * Role changes on the real database: only an owner makes owners or changes an owner's role, and
 * an organization never loses its last owner, also when two owners demote each other at once.
 */
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { callerFor, createMember, createOwner } from "@/test/factories";
import { expectTrpcError, trpcError } from "@/test/trpc-errors";
import { changeMemberRole } from "./change-member-role";
import { removeMember } from "./remove-member";

const owners = (tenantId: string) => db().membership.count({ where: { tenantId, role: "OWNER" } });

describe("role rules", () => {
  it("refuse with clear errors, and say what was saved", async () => {
    const acme = await createOwner("Acme");
    const admin = await createMember(acme.tenantId, "ADMIN");
    const agent = await createMember(acme.tenantId, "AGENT");
    const { caller: adminCaller } = await callerFor(admin.userId, acme.tenantId);
    await expectTrpcError(adminCaller.member.changeRole({ userId: agent.userId, role: "OWNER" }), "FORBIDDEN", "Only an owner can make someone an owner");
    await expectTrpcError(adminCaller.member.changeRole({ userId: acme.userId, role: "ADMIN" }), "FORBIDDEN", "Only an owner can change an owner's role");
    await expectTrpcError(adminCaller.member.remove({ userId: acme.userId }), "FORBIDDEN", "Only an owner can remove an owner");
    expect(await adminCaller.member.changeRole({ userId: agent.userId, role: "VIEWER" })).toEqual({ userId: agent.userId, name: "AGENT", role: "VIEWER" });

    const { caller: ownerCaller } = await callerFor(acme.userId, acme.tenantId);
    await expectTrpcError(
      ownerCaller.member.changeRole({ userId: acme.userId, role: "ADMIN" }),
      "CONFLICT",
      "An organization needs at least one owner: make another member an owner first",
    );
    await expectTrpcError(ownerCaller.member.remove({ userId: acme.userId }), "CONFLICT", /at least one owner/);
    await expectTrpcError(ownerCaller.member.changeRole({ userId: "nobody", role: "ADMIN" }), "NOT_FOUND", "Member not found");
    expect(await ownerCaller.member.changeRole({ userId: admin.userId, role: "OWNER" })).toMatchObject({ role: "OWNER" });
    expect(await ownerCaller.member.changeRole({ userId: acme.userId, role: "ADMIN" })).toMatchObject({ role: "ADMIN" });
    expect(await owners(acme.tenantId)).toBe(1);
  });

  it("an admin demoted meanwhile can no longer change roles (the actor's role is read again)", async () => {
    const acme = await createOwner("Acme");
    const admin = await createMember(acme.tenantId, "ADMIN");
    const agent = await createMember(acme.tenantId, "AGENT");
    await db().membership.update({ where: { userId_tenantId: { userId: admin.userId, tenantId: acme.tenantId } }, data: { role: "VIEWER" } });
    const error = await changeMemberRole(db(), { userId: admin.userId, tenantId: acme.tenantId, role: "ADMIN" }, { userId: agent.userId, role: "ADMIN" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "FORBIDDEN", message: "You can no longer manage members of this organization" });
  });

  it("two owners demoting each other at once: one passes, the other is refused, one owner is left", async () => {
    for (let round = 0; round < 5; round += 1) {
      const acme = await createOwner("Acme");
      const second = await createMember(acme.tenantId, "OWNER");
      const first = { userId: acme.userId, tenantId: acme.tenantId, role: "OWNER" as const };
      const other = { userId: second.userId, tenantId: acme.tenantId, role: "OWNER" as const };
      const results = await Promise.allSettled([
        changeMemberRole(db(), first, { userId: second.userId, role: "ADMIN" }),
        changeMemberRole(db(), other, { userId: acme.userId, role: "ADMIN" }),
      ]);
      const refused = results.filter((r) => r.status === "rejected");
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(refused).toHaveLength(1);
      // The loser was either demoted first (no longer manages... an ADMIN may not touch an owner) or found the last owner.
      expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ code: expect.stringMatching(/CONFLICT|FORBIDDEN/) });
      expect(await owners(acme.tenantId)).toBe(1);
    }
  });

  it("an owner removing the other while being demoted leaves an owner", async () => {
    for (let round = 0; round < 5; round += 1) {
      const acme = await createOwner("Acme");
      const second = await createMember(acme.tenantId, "OWNER");
      const results = await Promise.allSettled([
        removeMember(db(), { userId: acme.userId, tenantId: acme.tenantId, role: "OWNER" }, second.userId),
        changeMemberRole(db(), { userId: second.userId, tenantId: acme.tenantId, role: "OWNER" }, { userId: acme.userId, role: "VIEWER" }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(await owners(acme.tenantId)).toBe(1);
    }
  });

  it("through tRPC the refusal names the rule", async () => {
    const acme = await createOwner("Acme");
    const { caller } = await callerFor(acme.userId, acme.tenantId);
    const error = await trpcError(caller.member.changeRole({ userId: acme.userId, role: "VIEWER" }));
    expect(error.message).toBe("An organization needs at least one owner: make another member an owner first");
  });
});
