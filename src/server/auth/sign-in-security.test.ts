/**
 * Sign-in, sessions and security headers against the real server: a production build run as
 * `npm start` runs it, on this file's own database, over real HTTP (next-auth's own route
 * handlers, the tRPC route, the live stream, the pages).
 */
import { decode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeOtherSessions } from "@/server/accounts/sessions";
import { db } from "@/server/db/client";
import { signInOverHttp, signOutOverHttp, trpcWithCookie } from "@/test/auth-http";
import { startAppServer, type AppServer } from "@/test/app-server";
import { anonymousCaller, uniqueEmail } from "@/test/factories";
import { withOwnDatabase } from "@/test/own-database";

withOwnDatabase();

let app: AppServer;
beforeAll(async () => {
  app = await startAppServer({ databaseUrl: process.env.DATABASE_URL });
}, 600_000);
afterAll(async () => {
  await app?.stop(5_000);
});

const PASSWORD = "correct horse battery";
async function newOwner() {
  const email = uniqueEmail("secure");
  await anonymousCaller().account.signUp({ name: "Sam", email, password: PASSWORD, organizationName: "Secure Org" });
  return email;
}

async function signedIn(email: string) {
  const answer = await signInOverHttp(app.url, email, PASSWORD);
  expect(answer.error).toBeNull();
  if (!answer.sessionCookie) throw new Error("No session cookie");
  return answer.sessionCookie;
}

/** Whether a cookie still signs someone in, asked of the tRPC route, a page and the live stream. */
async function access(cookie: string) {
  const me = await trpcWithCookie(app.url, cookie, "account.me");
  const page = await fetch(`${app.url}/dashboard`, { headers: { cookie }, redirect: "manual" });
  const live = await fetch(`${app.url}/api/live`, { headers: { cookie }, signal: AbortSignal.timeout(5_000) });
  await live.body?.cancel();
  return { trpc: me.status, page: page.status === 200 ? "page" : (page.headers.get("location") ?? String(page.status)), live: live.status };
}
const SIGNED_IN = { trpc: 200, page: "page", live: 200 };
const SIGNED_OUT = { trpc: 401, page: expect.stringMatching(/\/sign-in$/), live: 401 };

async function sessionIdOf(cookie: string): Promise<string> {
  const token = await decode({ token: cookie.replace("next-auth.session-token=", ""), secret: process.env.NEXTAUTH_SECRET ?? "" });
  if (typeof token?.sid !== "string") throw new Error("No session id in the cookie");
  return token.sid;
}

describe("signing out", () => {
  it("ends the session on the server: a cookie copied before sign-out no longer works anywhere", async () => {
    const email = await newOwner();
    const cookie = await signedIn(email);
    expect(await access(cookie)).toEqual(SIGNED_IN);
    const copied = cookie;
    await signOutOverHttp(app.url, cookie);
    expect(await access(copied)).toEqual(SIGNED_OUT);
  });

  it("of all devices ends every session of the user, and nobody else's", async () => {
    const email = await newOwner();
    const laptop = await signedIn(email);
    const phone = await signedIn(email);
    const someoneElse = await signedIn(await newOwner());
    const answer = await trpcWithCookie(app.url, laptop, "account.signOutEverywhere", undefined, "mutation");
    expect(answer.status).toBe(200);
    expect(answer.body.result?.data.json).toEqual({ revoked: 2 });
    expect(await access(laptop)).toEqual(SIGNED_OUT);
    expect(await access(phone)).toEqual(SIGNED_OUT);
    expect(await access(someoneElse)).toEqual(SIGNED_IN);
  });

  it("of the other sessions (what a password change does) keeps the current one only", async () => {
    const email = await newOwner();
    const current = await signedIn(email);
    const other = await signedIn(email);
    const user = await db().user.findUniqueOrThrow({ where: { email } });
    expect(await revokeOtherSessions(db(), user.id, await sessionIdOf(current))).toBe(1);
    expect(await access(current)).toEqual(SIGNED_IN);
    expect(await access(other)).toEqual(SIGNED_OUT);
  });

  it("a removed member loses the organization with the next request", async () => {
    const ownerEmail = await newOwner();
    const owner = await signedIn(ownerEmail);
    const tenantId = ((await trpcWithCookie(app.url, owner, "account.me")).body.result?.data.json as { membership: { tenantId: string } }).membership.tenantId;
    const memberEmail = uniqueEmail("member");
    await anonymousCaller().account.signUp({ name: "Mo", email: memberEmail, password: PASSWORD, organizationName: "Mo's own" });
    const joining = await db().user.findUniqueOrThrow({ where: { email: memberEmail } });
    await db().membership.create({ data: { userId: joining.id, tenantId, role: "AGENT" } });
    const member = `${await signedIn(memberEmail)}; sb-tenant=${tenantId}`;
    const emailsListed = async () => ((await trpcWithCookie(app.url, member, "member.list")).body.result?.data.json as { email: string }[]).map((m) => m.email);
    expect(await emailsListed()).toEqual([ownerEmail, memberEmail]);

    const memberId = (await db().user.findUniqueOrThrow({ where: { email: memberEmail } })).id;
    expect((await trpcWithCookie(app.url, owner, "member.remove", { userId: memberId }, "mutation")).status).toBe(200);
    // The same cookies now reach only the member's own organization.
    expect(await emailsListed()).toEqual([memberEmail]);
  });
});

describe("failed sign-ins", () => {
  it("200 wrong passwords for one account: after 5 the account is locked, says when to try again, and the right password waits too", async () => {
    const email = await newOwner();
    const started = Date.now();
    const answers: (string | null)[] = [];
    for (let n = 0; n < 200; n += 1) answers.push((await signInOverHttp(app.url, email, `wrong ${n}`)).error);
    expect(answers.slice(0, 5)).toEqual(Array(5).fill("CredentialsSignin"));
    for (const answer of answers.slice(5)) expect(answer).toMatch(/^Too many failed sign-ins: try again in \d+ seconds?\.$/);
    const right = await signInOverHttp(app.url, email, PASSWORD);
    expect(right.error).toMatch(/^Too many failed sign-ins: try again in \d+ seconds?\.$/);
    expect(right.sessionCookie).toBeNull();
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 90_000);

  it("from one address, at many accounts, are slowed after 30; other addresses are not", async () => {
    // `next start` keeps a client's own X-Forwarded-For (no proxy here): it stands for the address.
    const from = { headers: { "x-forwarded-for": "203.0.113.7" } };
    for (let n = 0; n < 30; n += 1) expect((await signInOverHttp(app.url, uniqueEmail("spray"), "guess", from)).error).toBe("CredentialsSignin");
    const email = await newOwner();
    expect((await signInOverHttp(app.url, email, PASSWORD, from)).error).toMatch(/^Too many failed sign-ins: try again in 30 seconds\.$/);
    expect((await signInOverHttp(app.url, email, PASSWORD, { headers: { "x-forwarded-for": "203.0.113.8" } })).error).toBeNull();
  }, 60_000);

  it("answer an unknown email exactly as a wrong password", async () => {
    const wrongPassword = await signInOverHttp(app.url, await newOwner(), "not it");
    const unknownEmail = await signInOverHttp(app.url, uniqueEmail("nobody"), "not it");
    expect({ ...unknownEmail, url: undefined }).toEqual({ ...wrongPassword, url: undefined });
    expect(unknownEmail.url).toBe(wrongPassword.url);
  });
});

describe("sign-in", () => {
  it("goes back to the server only for a path on this site", async () => {
    const email = await newOwner();
    for (const hostile of ["//evil.invalid/x", "/\\evil.invalid", "https://evil.invalid/x"]) {
      const answer = await signInOverHttp(app.url, email, PASSWORD, { callbackUrl: hostile });
      expect(new URL(answer.url, app.url).origin, hostile).toBe(new URL(app.url).origin);
    }
  });

  it("forms post: a password never goes into a URL", async () => {
    for (const path of ["/sign-in", "/sign-up"]) {
      const html = await (await fetch(`${app.url}${path}`)).text();
      const forms = html.match(/<form\b[^>]*>/g) ?? [];
      expect(forms.length, path).toBeGreaterThan(0);
      for (const form of forms) expect(form, path).toContain('method="post"');
      expect(html, path).toContain("JavaScript is needed to");
    }
  });
});

describe("security headers", () => {
  it("every page has a nonce-based CSP that its own scripts carry, nosniff, a referrer policy and HSTS", async () => {
    const nonces = new Set<string>();
    for (const path of ["/sign-in", "/sign-up", "/docs/api", "/no-such-page"]) {
      const response = await fetch(`${app.url}${path}`);
      const csp = response.headers.get("content-security-policy") ?? "";
      const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/.exec(csp)?.[1];
      expect(nonce, `${path}: ${csp}`).toBeDefined();
      nonces.add(nonce ?? "");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      expect(csp, path).not.toContain("unsafe-eval");
      const html = await response.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const script of scripts) expect(script, path).toContain(`nonce="${nonce}"`);
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(response.headers.get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
      expect(response.headers.get("strict-transport-security"), path).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
    }
    expect(nonces.size).toBe(4);
    const api = await fetch(`${app.url}/api/v1/openapi.json`);
    expect(api.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(api.headers.get("x-content-type-options")).toBe("nosniff");
    expect(api.headers.get("x-frame-options")).toBe("DENY");
  });

  it("the hosted chat keeps its allowed origins as frame-ancestors, with the same script policy", async () => {
    const owner = await signedIn(await newOwner());
    const created = await trpcWithCookie(app.url, owner, "channel.create", { type: "WEB_CHAT", name: "Shop chat", allowedOrigins: ["https://shop.example"] }, "mutation");
    const assetId = (created.body.result?.data.json as { asset: { id: string } }).asset.id;
    const response = await fetch(`${app.url}/chat/${assetId}`);
    expect(response.status).toBe(200);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'self' https://shop.example");
    expect(response.headers.get("x-frame-options")).toBeNull();
  });
});
