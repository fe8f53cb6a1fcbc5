import type { Db } from "@/server/db/client";
import { conflict } from "@/server/errors";
import { isUniqueViolation } from "@/server/db/errors";
import { createTenant } from "@/server/tenancy/create-tenant";
import { hashPassword } from "./password";
import type { signUpSchema } from "./schemas";
import type { z } from "zod";

/** Creates the user, their organization and an OWNER membership, all or nothing. */
export async function signUp(db: Db, input: z.output<typeof signUpSchema>) {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email: input.email, name: input.name, passwordHash } });
      const tenant = await createTenant(tx, user.id, input.organizationName);
      return { userId: user.id, tenantId: tenant.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("An account with this email already exists", "email");
    throw error;
  }
}
