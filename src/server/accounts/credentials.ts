import type { Db } from "@/server/db/client";
import { decoyPasswordHash, passwordMatches } from "./password";
import { signInSchema } from "./schemas";

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
}

/** Null for a wrong email or a wrong password alike: callers must not tell which. */
export async function verifyCredentials(db: Db, raw: unknown): Promise<AuthenticatedUser | null> {
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const user = await db.user.findUnique({ where: { email } });
  if (!user) {
    await passwordMatches(await decoyPasswordHash(), password);
    return null;
  }
  if (!(await passwordMatches(user.passwordHash, password))) return null;
  return { id: user.id, email: user.email, name: user.name };
}
