import type { Db } from "@/server/db/client";
import { decoyPasswordHash, passwordMatches } from "./password";
import { signInSchema } from "./schemas";
import type { SignInThrottle } from "./sign-in-throttle";

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
}

/** Null for a wrong email or a wrong password alike: callers must not tell which. */
export async function verifyCredentials(db: Db, raw: unknown): Promise<AuthenticatedUser | null> {
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return null;
  return checkPassword(db, parsed.data.email, parsed.data.password);
}

/**
 * Sign-in as the form does it: the password is checked only if neither the email nor the address
 * must wait after failed sign-ins (throws SignInLocked). Null for a wrong email or password alike.
 */
export async function authenticate(db: Db, throttle: SignInThrottle, raw: unknown, ip: string | null): Promise<AuthenticatedUser | null> {
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  return throttle.attempt(email, ip, () => checkPassword(db, email, password));
}

async function checkPassword(db: Db, email: string, password: string): Promise<AuthenticatedUser | null> {
  const user = await db.user.findUnique({ where: { email } });
  if (!user) {
    await passwordMatches(await decoyPasswordHash(), password);
    return null;
  }
  if (!(await passwordMatches(user.passwordHash, password))) return null;
  return { id: user.id, email: user.email, name: user.name };
}
