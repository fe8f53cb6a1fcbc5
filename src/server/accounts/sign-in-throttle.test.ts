import { randomUUID } from "node:crypto";
import { Pool } from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { db, pool } from "@/server/db/client";
import { anonymousCaller, uniqueEmail } from "@/test/factories";
import { authenticate } from "./credentials";
import { SignInLocked, SignInThrottle, type ThrottlePolicy } from "./sign-in-throttle";

// Short delays so the waits fit in a test; the shape is the production one (sign-in-throttle.ts).
const account: ThrottlePolicy = { freeFailures: 3, firstDelaySeconds: 1, maxDelaySeconds: 4, windowSeconds: 60 };
const ip: ThrottlePolicy = { freeFailures: 8, firstDelaySeconds: 1, maxDelaySeconds: 4, windowSeconds: 60 };
const throttle = () => new SignInThrottle(pool(), { account, ip });
const uniqueIp = () => `198.51.100.${randomUUID()}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function newAccount() {
  const email = uniqueEmail("throttle");
  await anonymousCaller().account.signUp({ name: "T", email, password: "right password", organizationName: "Throttled" });
  return email;
}

/** What one sign-in attempt answers: the user's email, "wrong", or the lock's message. */
async function attempt(limiter: SignInThrottle, email: string, password: string, from: string | null = uniqueIp()) {
  try {
    const user = await authenticate(db(), limiter, { email, password }, from);
    return user ? user.email : "wrong";
  } catch (error) {
    if (error instanceof SignInLocked) return error.message;
    throw error;
  }
}

const extraPools: Pool[] = [];
afterAll(async () => {
  await Promise.all(extraPools.map((p) => p.end()));
});

describe("failed sign-ins", () => {
  it("lock the account after the free failures: even the right password is refused, with when to try again", async () => {
    const email = await newAccount();
    const limiter = throttle();
    const answers = [];
    for (let n = 0; n < 20; n += 1) answers.push(await attempt(limiter, email, `wrong ${n}`));
    expect(answers.slice(0, 3)).toEqual(["wrong", "wrong", "wrong"]);
    for (const answer of answers.slice(3)) expect(answer).toMatch(/^Too many failed sign-ins: try again in 1 second\.$/);
    expect(await attempt(limiter, email, "right password")).toBe("Too many failed sign-ins: try again in 1 second.");
  });

  it("say the same for an unknown email as for a real one", async () => {
    const limiter = throttle();
    const real = await newAccount();
    const unknown = uniqueEmail("ghost");
    const answersFor = async (email: string) => {
      const answers = [];
      for (let n = 0; n < 5; n += 1) answers.push(await attempt(limiter, email, "wrong password"));
      return answers;
    };
    expect(await answersFor(unknown)).toEqual(await answersFor(real));
  });

  it("wait longer after each further failure, and a right password after the wait forgets them", async () => {
    const email = await newAccount();
    const limiter = throttle();
    for (let n = 0; n < 3; n += 1) expect(await attempt(limiter, email, "wrong")).toBe("wrong");
    expect(await attempt(limiter, email, "wrong")).toBe("Too many failed sign-ins: try again in 1 second.");
    await sleep(1_100);
    expect(await attempt(limiter, email, "wrong")).toBe("wrong"); // the 4th failure: now 2 s
    expect(await attempt(limiter, email, "wrong")).toBe("Too many failed sign-ins: try again in 2 seconds.");
    await sleep(2_100);
    expect(await attempt(limiter, email, "wrong")).toBe("wrong"); // the 5th: 4 s, the cap
    expect(await attempt(limiter, email, "right password")).toBe("Too many failed sign-ins: try again in 4 seconds.");
    await sleep(4_100);
    expect(await attempt(limiter, email, "right password")).toBe(email);
    // Forgotten: three free failures again.
    for (let n = 0; n < 3; n += 1) expect(await attempt(limiter, email, "wrong")).toBe("wrong");
  }, 30_000);

  it("check at most one password more than the free failures when a burst comes in parallel", async () => {
    const email = await newAccount();
    const limiter = throttle();
    let checked = 0;
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, () =>
        limiter.attempt(email, uniqueIp(), async () => {
          checked += 1;
          return null;
        }),
      ),
    );
    expect(checked).toBeLessThanOrEqual(account.freeFailures + 1);
    expect(results.filter((r) => r.status === "rejected" && r.reason instanceof SignInLocked).length).toBeGreaterThanOrEqual(40 - account.freeFailures - 1);
  });

  it("are limited per address too: one address guessing at many accounts is slowed, another is not", async () => {
    const limiter = throttle();
    const from = uniqueIp();
    const answers = [];
    for (let n = 0; n < 12; n += 1) answers.push(await attempt(limiter, uniqueEmail("spray"), "guess", from));
    expect(answers.slice(0, 8)).toEqual(Array(8).fill("wrong"));
    expect(answers[8]).toMatch(/^Too many failed sign-ins: try again in 1 second\.$/);
    const email = await newAccount();
    expect(await attempt(limiter, email, "right password", from)).toMatch(/^Too many failed sign-ins/);
    expect(await attempt(limiter, email, "right password", uniqueIp())).toBe(email);
  });

  it("are counted in the database, so every server process sees the same count", async () => {
    const email = await newAccount();
    // Another process: its own pool and its own limiter objects, on the same database.
    const otherPool = new Pool({ connectionString: process.env.DATABASE_URL });
    extraPools.push(otherPool);
    const here = throttle();
    const there = new SignInThrottle(otherPool, { account, ip });
    expect(await attempt(here, email, "wrong")).toBe("wrong");
    expect(await attempt(there, email, "wrong")).toBe("wrong");
    expect(await attempt(here, email, "wrong")).toBe("wrong");
    expect(await attempt(there, email, "right password")).toMatch(/^Too many failed sign-ins/);
  });
});
