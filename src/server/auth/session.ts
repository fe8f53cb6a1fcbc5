import { headers } from "next/headers";
import { connection } from "next/server";
import type { SessionUser } from "@/server/accounts/sessions";
import { requestSession } from "./request-session";

export type { SessionUser };

/** The signed-in user in a server component or route handler, or null (revoked sessions too). */
export async function currentUser(): Promise<SessionUser | null> {
  await connection(); // per request: never prerendered at build time
  return (await requestSession(new Headers(await headers())))?.user ?? null;
}
