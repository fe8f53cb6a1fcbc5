/**
 * PostgreSQL restarted under a running app (`npm start` as a real process, on a private cluster
 * this file stops and starts): during the outage the public API answers 503 JSON within seconds
 * and tRPC SERVICE_UNAVAILABLE, the process survives its pool's connections dying, and once the
 * database is back the same process accepts messages again and delivers what it accepted before.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPrivateTestDatabase, type PrivateTestDatabase } from "@/server/db/bootstrap";
import { db, pool } from "@/server/db/client";
import { startAppServer, type AppServer } from "@/test/app-server";
import { createChatScene } from "@/test/chat-scene";
import { eventually, pendingDeliveries } from "@/test/delivery-scene";
import { startReceiver, type ReceivedRequest, type Receiver } from "@/test/receiver";

let database: PrivateTestDatabase;
let app: AppServer;
let bot: Receiver;

beforeAll(async () => {
  database = await startPrivateTestDatabase();
  // Read on first use (src/server/config/env.ts): the scene below is written to the private cluster.
  process.env.DATABASE_URL = database.url;
  bot = await startReceiver();
  // Retry 1 comes 3 s after a failed first attempt, due while the database is down.
  app = await startAppServer({ databaseUrl: database.url, env: { DELIVERY_RETRY_SCHEDULE: "3,60,120,180", DELIVERY_POLL_MS: "200", DELIVERY_FIRST_ATTEMPT_GRACE_SECONDS: "3" } });
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await bot?.close();
  await db().$disconnect();
  await pool().end();
  await database?.stop();
}, 60_000);

const textOf = (request: ReceivedRequest) => JSON.stringify(request.body);

async function waitFor<T>(what: string, find: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs / 1000} s. App output:\n${app.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("a PostgreSQL restart under a running app", () => {
  it("answers 503 during the outage, does not crash, then accepts and delivers again without a restart", async () => {
    const scene = await createChatScene({ action: "BOT", botUrl: bot.url });
    let refusals = 1;
    bot.reply((request) =>
      textOf(request).includes("before the outage") && refusals-- > 0 ? { status: 500, body: "bot hiccup" } : { status: 200, body: scene.bot.token },
    );
    const send = (message: string, messageId?: string) =>
      fetch(`${app.url}/api/v1/channels/${scene.asset.id}/messages`, {
        method: "POST",
        headers: { authorization: `Bearer ${scene.channelSecret}`, "content-type": "application/json" },
        body: JSON.stringify({ userId: "customer-1", message, messageId }),
        signal: AbortSignal.timeout(15_000),
      });

    expect((await send("hello")).status).toBe(202);
    await waitFor("the bot got hello", () => bot.requests.find((r) => textOf(r).includes("hello")), 10_000);
    // Accepted, first attempt failed: its retry is what must survive the outage.
    expect((await send("before the outage", "m-before")).status).toBe(202);
    const firstTry = await waitFor("the first attempt", () => bot.requests.find((r) => textOf(r).includes("before the outage")), 10_000);
    const nextPid = app.nextServerPid();

    await database.stopServer();

    const started = Date.now();
    const refused = await send("during the outage", "m-during");
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("5");
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("DATABASE_UNAVAILABLE");

    const trpc = await fetch(`${app.url}/api/trpc/account.signUp`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { name: "N", email: "outage@example.test", password: "password123", organizationName: "Outage" } }),
      signal: AbortSignal.timeout(15_000),
    });
    expect(trpc.status).toBe(503);
    expect(((await trpc.json()) as { error: { json: { data: { code: string } } } }).error.json.data.code).toBe("SERVICE_UNAVAILABLE");

    // Past the retry's due time, with the database still down: the process is the same one.
    await new Promise((r) => setTimeout(r, 3_500));
    expect(app.supervisor.exitCode).toBeNull();
    expect(app.nextServerPid()).toBe(nextPid);
    // It saw the connections go, on an idle one (the pool's error event, which must not crash it)
    // or, when none was idle at that moment, on the query that was running.
    expect(app.output()).toMatch(/\[db\] an idle database connection was lost|terminating connection due to administrator command/);

    await database.startServer();
    const outageEndedAt = Date.now();
    // Sent again until accepted, as a caller honouring Retry-After would (same messageId).
    let accepted = 503;
    for (const deadline = Date.now() + 15_000; accepted === 503 && Date.now() < deadline; ) {
      accepted = (await send("after the outage", "m-after")).status;
      if (accepted === 503) await new Promise((r) => setTimeout(r, 250));
    }
    expect(accepted).toBe(202);

    await waitFor("the bot got the message sent after the outage", () => bot.requests.find((r) => textOf(r).includes("after the outage")), 10_000);
    const retried = await waitFor(
      "the retry of the message accepted before the outage",
      () => bot.requests.find((r) => r !== firstTry && textOf(r).includes("before the outage")),
      15_000,
    );
    expect(retried.receivedAt).toBeGreaterThanOrEqual(outageEndedAt);
    expect(retried.headers["webhook-id"]).toBe(firstTry.headers["webhook-id"]);
    expect(bot.requests.some((r) => textOf(r).includes("during the outage"))).toBe(false);
    expect(app.nextServerPid()).toBe(nextPid);
  }, 120_000);

  it("mid-load: every message acknowledged before, during or after the restart is delivered, none left PENDING", async () => {
    const scene = await createChatScene({ action: "BOT", botPlatform: "IMI_BOT", botUrl: bot.url });
    bot.reply({ status: 200, delayMs: 10 });
    const accepted: string[] = [];
    let refused = 0;
    const customer = async (n: number) => {
      for (let m = 0; m < 15; m += 1) {
        const response = await fetch(`${app.url}/api/v1/channels/${scene.asset.id}/messages`, {
          method: "POST",
          headers: { authorization: `Bearer ${scene.channelSecret}`, "content-type": "application/json" },
          body: JSON.stringify({ userId: `load-${n}`, message: `load ${n}.${m}` }),
          signal: AbortSignal.timeout(15_000),
        }).catch(() => null);
        if (response?.status === 202) accepted.push(((await response.json()) as { messageId: string }).messageId);
        else refused += 1;
        await new Promise((r) => setTimeout(r, 60));
      }
    };
    const load = Promise.all(Array.from({ length: 8 }, (_, n) => customer(n)));
    await new Promise((r) => setTimeout(r, 300));
    await database.stopServer();
    await new Promise((r) => setTimeout(r, 1_500));
    await database.startServer();
    await load;
    expect(refused).toBeGreaterThan(0); // the outage was felt
    expect(accepted.length).toBeGreaterThan(0);

    await eventually(() => pendingDeliveries([scene.tenantId]), (pending) => pending.length === 0, 60_000);
    const received = new Set(bot.requests.map((r) => String(r.body.Messageid)));
    expect(accepted.filter((id) => !received.has(id))).toEqual([]);
    expect(await db().delivery.count({ where: { tenantId: scene.tenantId, state: { not: "DELIVERED" } } })).toBe(0);
  }, 120_000);
});
