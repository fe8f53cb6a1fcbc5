import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { anonymousCaller, uniqueEmail } from "@/test/factories";
import { verifyCredentials } from "./credentials";

// Other test files run at the same time: count only what this test could have written.
const written = async (email: string, organizationName: string) => ({
  users: await db().user.count({ where: { email } }),
  tenants: await db().tenant.count({ where: { name: organizationName } }),
});

describe("sign-up", () => {
  it("creates the user, the organization and an OWNER membership, with an argon2id hash", async () => {
    const email = uniqueEmail("new");
    await anonymousCaller().account.signUp({ name: "  Ada ", email: email.toUpperCase(), password: "password123", organizationName: "Acme" });
    const user = await db().user.findUniqueOrThrow({ where: { email }, include: { memberships: { include: { tenant: true } } } });
    expect(user.name).toBe("Ada");
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.memberships).toHaveLength(1);
    expect(user.memberships[0]).toMatchObject({ role: "OWNER", tenant: { name: "Acme" } });
  });

  it("refuses a taken email (any case) on the email field and writes nothing", async () => {
    const email = uniqueEmail("taken");
    const second = `Second ${email}`;
    await anonymousCaller().account.signUp({ name: "A", email, password: "password123", organizationName: "First" });
    const error = await anonymousCaller()
      .account.signUp({ name: "B", email: email.toUpperCase(), password: "password456", organizationName: second })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("CONFLICT");
    expect((error as TRPCError).message).toBe("An account with this email already exists");
    expect(await written(email, second)).toEqual({ users: 1, tenants: 0 });
  });

  it("refuses bad input field by field and writes nothing", async () => {
    const email = uniqueEmail("bad");
    const error = await anonymousCaller()
      .account.signUp({ name: "", email, password: "short", organizationName: "Bad input org" })
      .catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect(await written(email, "Bad input org")).toEqual({ users: 0, tenants: 0 });
  });
});

describe("credentials", () => {
  it("accept the right password only, and say nothing about which part was wrong", async () => {
    const email = uniqueEmail("login");
    await anonymousCaller().account.signUp({ name: "Lin", email, password: "password123", organizationName: "Acme" });
    expect(await verifyCredentials(db(), { email: email.toUpperCase(), password: "password123" })).toMatchObject({ email, name: "Lin" });
    expect(await verifyCredentials(db(), { email, password: "password124" })).toBeNull();
    expect(await verifyCredentials(db(), { email: uniqueEmail("ghost"), password: "password123" })).toBeNull();
    expect(await verifyCredentials(db(), { email: "", password: "" })).toBeNull();
  });
});
