import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { authenticate } from "@/server/accounts/credentials";
import { activeSessionUser, createSession, revokeSession, SESSION_MAX_AGE_SECONDS } from "@/server/accounts/sessions";
import { SignInLocked, signInThrottleFor } from "@/server/accounts/sign-in-throttle";
import { env } from "@/server/config/env";
import { db, pool } from "@/server/db/client";
import { forwardedClientIp } from "@/server/http/client-ip";

/**
 * next-auth v4 with the credentials provider, which supports JWT sessions only (not its database
 * sessions). So the JWT carries the id of a server-side session record (`sid`), created here at
 * sign-in, revoked at sign-out and checked on every request (./request-session.ts).
 *
 * Built on first use so that `next build` needs no secret.
 */
export function authOptions(): NextAuthOptions {
  return {
    secret: env().NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        authorize: async (credentials, req) => {
          try {
            return await authenticate(db(), signInThrottleFor(pool()), credentials, forwardedClientIp(new Headers(req.headers as Record<string, string>)));
          } catch (error) {
            // next-auth hands the message to the form (the `error` of signIn's answer).
            if (error instanceof SignInLocked) throw new Error(error.message);
            console.error("Sign-in failed:", error);
            throw new Error("Sign-in is unavailable for a moment: try again shortly");
          }
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.sid = await createSession(db(), user.id);
          return token;
        }
        // /api/auth/session too honours revocation: throwing makes next-auth clear the cookie.
        if (typeof token.sid !== "string" || typeof token.sub !== "string" || !(await activeSessionUser(db(), token.sid, token.sub))) {
          throw new Error("The session was signed out");
        }
        return token;
      },
      session({ session, token }) {
        if (session.user && token.sub) session.user.id = token.sub;
        return session;
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === "string") await revokeSession(db(), token.sid);
      },
    },
  };
}
