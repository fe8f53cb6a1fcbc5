/**
 * Failed sign-ins slow down, per account (the email typed, known or not, so that an unknown email
 * behaves exactly like a real one) and per IP address. After a number of free failures every
 * further attempt waits a delay that doubles with each failure, up to a cap; a right password
 * during the wait is refused like any other attempt. The counts live in PostgreSQL
 * (rate-limiter-flexible's Postgres store, table "SignInThrottle"), so every server process
 * shares them.
 *
 * Per key two counters: `attempts` counts attempts in a window (atomically: concurrent attempts
 * each get their own number), and `gate`, with one point, is closed for the current delay. An
 * attempt past the free ones must take the gate, so a burst in parallel gets one try, not many.
 */
import { createHash } from "node:crypto";
import type { Pool } from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";

export interface ThrottlePolicy {
  /** Failures allowed without any wait. */
  freeFailures: number;
  /** The wait after the last free failure; each further failure doubles it. */
  firstDelaySeconds: number;
  maxDelaySeconds: number;
  /** How long failures are remembered after the first one (a success forgets an account's). */
  windowSeconds: number;
}

export const ACCOUNT_POLICY: ThrottlePolicy = { freeFailures: 5, firstDelaySeconds: 30, maxDelaySeconds: 15 * 60, windowSeconds: 24 * 60 * 60 };
// Higher: several people may share an address (an office, a mobile carrier).
export const IP_POLICY: ThrottlePolicy = { freeFailures: 30, firstDelaySeconds: 30, maxDelaySeconds: 15 * 60, windowSeconds: 60 * 60 };

/** Raised instead of checking the password: the account or the address must wait. */
export class SignInLocked extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed sign-ins: try again in ${waitText(retryAfterSeconds)}.`);
    this.name = "SignInLocked";
  }
}

export function waitText(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? "1 second" : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}

const TABLE = "SignInThrottle";

/** Keys are hashed: an email can be longer than the store's key column, and none is stored in clear. */
const keyOf = (value: string) => createHash("sha256").update(value, "utf8").digest("hex");

class FailureThrottle {
  private readonly attempts: RateLimiterPostgres;
  private readonly gate: RateLimiterPostgres;

  constructor(
    pool: Pool,
    name: string,
    private readonly policy: ThrottlePolicy,
  ) {
    const common = { storeClient: pool, storeType: "pool", tableName: TABLE, tableCreated: true } as const;
    this.attempts = new RateLimiterPostgres({ ...common, keyPrefix: `${name}-attempts`, points: Number.MAX_SAFE_INTEGER, duration: policy.windowSeconds });
    this.gate = new RateLimiterPostgres({ ...common, keyPrefix: `${name}-gate`, points: 1, duration: policy.firstDelaySeconds });
  }

  /** The wait after failure number `freeFailures + k - 1`, for k ≥ 1. */
  private delay(k: number): number {
    return Math.min(this.policy.firstDelaySeconds * 2 ** (k - 1), this.policy.maxDelaySeconds);
  }

  /** Numbers this attempt, or throws SignInLocked while the key must wait. */
  async begin(key: string): Promise<number> {
    const { consumedPoints: attempt } = await this.attempts.consume(key);
    const beyondFree = attempt - this.policy.freeFailures;
    if (beyondFree <= 0) return attempt;
    try {
      // Closed while this attempt runs (and for its delay), so that attempts in parallel wait too.
      await this.gate.consume(key, 1, { customDuration: this.delay(beyondFree) });
      return attempt;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      await this.attempts.reward(key); // a refused attempt checked no password: it does not count
      throw new SignInLocked(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
    }
  }

  /** After a wrong password: from the last free failure on, the gate closes for the next delay. */
  async failed(key: string, attempt: number): Promise<void> {
    const beyondFree = attempt - this.policy.freeFailures;
    if (beyondFree >= 0) await this.gate.block(key, this.delay(beyondFree + 1));
  }

  /** This attempt does not count (it succeeded, or another limit refused it). */
  async uncount(key: string): Promise<void> {
    await this.attempts.reward(key);
  }

  /** Everything about the key is forgotten (an account's right password). */
  async forget(key: string): Promise<void> {
    await Promise.all([this.attempts.delete(key), this.gate.delete(key)]);
  }
}

export class SignInThrottle {
  private readonly account: FailureThrottle;
  private readonly ip: FailureThrottle;

  constructor(
    pool: Pool,
    policies: { account: ThrottlePolicy; ip: ThrottlePolicy } = { account: ACCOUNT_POLICY, ip: IP_POLICY },
    /** Keeps another use's counts apart (password-reset requests have their own). */
    name = "sign-in",
  ) {
    this.account = new FailureThrottle(pool, `${name}-account`, policies.account);
    this.ip = new FailureThrottle(pool, `${name}-ip`, policies.ip);
  }

  /**
   * Runs `verify` (the password check) unless the email or the address must wait (SignInLocked).
   * A right password forgets the account's failures; an address keeps its failures (else one
   * good account would reset the limit for guessing at others).
   */
  async attempt<T>(email: string, ip: string | null, verify: () => Promise<T | null>): Promise<T | null> {
    const accountKey = keyOf(email);
    const ipKey = ip === null ? null : keyOf(ip);
    const ipAttempt = ipKey === null ? 0 : await this.ip.begin(ipKey);
    let accountAttempt: number;
    try {
      accountAttempt = await this.account.begin(accountKey);
    } catch (error) {
      if (ipKey !== null) await this.ip.uncount(ipKey);
      throw error;
    }
    let user: T | null;
    try {
      user = await verify();
    } catch (error) {
      await Promise.all([this.account.uncount(accountKey), ipKey === null ? null : this.ip.uncount(ipKey)]);
      throw error;
    }
    if (user) {
      await Promise.all([this.account.forget(accountKey), ipKey === null ? null : this.ip.uncount(ipKey)]);
    } else {
      await Promise.all([this.account.failed(accountKey, accountAttempt), ipKey === null ? null : this.ip.failed(ipKey, ipAttempt)]);
    }
    return user;
  }
}

/** One throttle per pool (tests switch databases between files). */
const throttles = new WeakMap<Pool, SignInThrottle>();
export function signInThrottleFor(pool: Pool): SignInThrottle {
  let throttle = throttles.get(pool);
  if (!throttle) throttles.set(pool, (throttle = new SignInThrottle(pool)));
  return throttle;
}

/**
 * Password-reset requests, throttled like sign-ins but counted apart (so asking for links never
 * slows the account's sign-in): every request counts, a few per email are free, then each waits
 * a doubling delay; per address many more. So the form cannot be used to flood a mailbox.
 */
export const RESET_ACCOUNT_POLICY: ThrottlePolicy = { freeFailures: 3, firstDelaySeconds: 60, maxDelaySeconds: 60 * 60, windowSeconds: 24 * 60 * 60 };
export const RESET_IP_POLICY: ThrottlePolicy = { freeFailures: 20, firstDelaySeconds: 60, maxDelaySeconds: 60 * 60, windowSeconds: 60 * 60 };
const resetThrottles = new WeakMap<Pool, SignInThrottle>();
export function resetRequestThrottleFor(pool: Pool): SignInThrottle {
  let throttle = resetThrottles.get(pool);
  if (!throttle) resetThrottles.set(pool, (throttle = new SignInThrottle(pool, { account: RESET_ACCOUNT_POLICY, ip: RESET_IP_POLICY }, "password-reset")));
  return throttle;
}
