import { getServerSession } from "next-auth";
import { connection } from "next/server";
import { authOptions } from "./options";

export interface SessionUser {
  id: string;
  name: string;
  email: string;
}

/** The signed-in user in a server component or route handler, or null. */
export async function currentUser(): Promise<SessionUser | null> {
  await connection(); // per request: never prerendered at build time
  const session = await getServerSession(authOptions());
  const user = session?.user;
  if (!user?.id) return null;
  return { id: user.id, name: user.name ?? "", email: user.email ?? "" };
}
