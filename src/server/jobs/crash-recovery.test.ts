/**
 * Kill it and count: the real server (`npm start`'s supervisor and its Next.js server, on the
 * test database) takes customer messages under load, its Next.js server is SIGKILLed at a
 * random point, and a second server starts on the same database. Every message that got a 202
 * must reach the bot, in order per customer, and no delivery may be left PENDING for nobody.
 */
import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { startAppServer, type AppServer } from "@/test/app-server";
import { eventually, pendingDeliveries, deliveryScene } from "@/test/delivery-scene";
import { withOwnDatabase } from "@/test/own-database";
import { startReceiver, type Receiver } from "@/test/receiver";

withOwnDatabase();

const CUSTOMERS = 20;
const MESSAGES_EACH = 10;

let bot: Receiver;
const servers: AppServer[] = [];
beforeAll(async () => {
  bot = await startReceiver();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop(5_000)));
  await bot.close();
});

const appEnv = {
  // Short enough for a test: claims of a dead process expire after 10 s, lost first attempts are taken after 2 s.
  DELIVERY_CLAIM_LEASE_SECONDS: "10",
  DELIVERY_FIRST_ATTEMPT_GRACE_SECONDS: "2",
  DELIVERY_POLL_MS: "200",
  DELIVERY_RETRY_SCHEDULE: "1,2,3,4",
};

async function startServer() {
  const server = await startAppServer({ databaseUrl: process.env.DATABASE_URL, env: appEnv });
  servers.push(server);
  return server;
}

describe("a server killed mid-load", () => {
  it("loses and freezes nothing that was acknowledged: after SIGKILL and a restart, every accepted message reaches the bot in order", async () => {
    const scene = await deliveryScene({ action: "BOT", botPlatform: "IMI_BOT", botUrl: bot.url, channel: "HTTP" });
    // A bot slow enough that attempts are in flight when the server dies.
    bot.reply({ status: 200, delayMs: 25 });
    const first = await startServer();

    const accepted = new Map<string, string[]>(); // customer → accepted message IDs, in send order
    const killAfter = randomInt(40, 140);
    let acceptedCount = 0;
    let killed = false;
    const send = async (customer: number) => {
      for (let n = 0; n < MESSAGES_EACH; n += 1) {
        try {
          const response = await fetch(`${first.url}/api/v1/channels/${scene.asset.id}/messages`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${scene.channelSecret}` },
            body: JSON.stringify({ userId: `customer-${customer}`, message: `c${customer} m${n}`, messageType: "text" }),
          });
          if (response.status === 202) {
            const { messageId } = (await response.json()) as { messageId: string };
            accepted.set(`customer-${customer}`, [...(accepted.get(`customer-${customer}`) ?? []), messageId]);
            acceptedCount += 1;
            if (acceptedCount >= killAfter && !killed) {
              killed = true;
              process.kill(first.nextServerPid(), "SIGKILL");
            }
          }
        } catch {
          return; // the server is gone: this customer stops writing
        }
      }
    };
    await Promise.all(Array.from({ length: CUSTOMERS }, (_, i) => send(i)));
    expect(killed).toBe(true);
    const status = await first.exited;
    expect(status.code).not.toBe(0); // the supervisor does not hang: it exits, so it can be restarted

    await startServer();
    const messageIds = [...accepted.values()].flat();
    expect(messageIds.length).toBeGreaterThanOrEqual(killAfter);
    const left = await eventually(() => pendingDeliveries([scene.tenantId]), (pending) => pending.length === 0, 60_000);
    expect(left).toEqual([]);

    const received = new Set(bot.requests.map((r) => String(r.body.Messageid)));
    expect(messageIds.filter((id) => !received.has(id))).toEqual([]);
    expect(await db().delivery.count({ where: { tenantId: scene.tenantId, state: { not: "DELIVERED" } } })).toBe(0);
    // In order per customer: the first arrival of each message follows the order it was accepted in
    // (a message may arrive twice: delivery is at least once, with the same webhook-id).
    for (const ids of accepted.values()) {
      const firstArrival = ids.map((id) => bot.requests.findIndex((r) => r.body.Messageid === id));
      expect(firstArrival).toEqual([...firstArrival].sort((a, b) => a - b));
    }
  }, 180_000);
});

describe("a server stopped as a process manager stops it", () => {
  it("finishes the first attempts it started before it exits: each delivered once, none interrupted", async () => {
    const scene = await deliveryScene({ action: "BOT", botPlatform: "IMI_BOT", botUrl: bot.url, channel: "HTTP" });
    // Slow enough that every attempt is still at the bot when SIGTERM arrives.
    bot.reply({ status: 200, delayMs: 1_500 });
    const server = await startServer();
    const sent = await Promise.all(
      Array.from({ length: 5 }, async (_, n) => {
        const response = await fetch(`${server.url}/api/v1/channels/${scene.asset.id}/messages`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${scene.channelSecret}` },
          body: JSON.stringify({ userId: `stopping-${n}`, message: `m${n}`, messageType: "text" }),
        });
        expect(response.status).toBe(202);
        return ((await response.json()) as { messageId: string }).messageId;
      }),
    );
    const status = await server.stop(20_000);
    expect(status.code).toBe(0);

    // Right at exit, well before any claim could expire for another process to take it over.
    const deliveries = await db().delivery.findMany({ where: { tenantId: scene.tenantId }, select: { state: true, attempts: true } });
    expect(deliveries).toEqual(sent.map(() => ({ state: "DELIVERED", attempts: 1 })));
    const received = bot.requests.filter((r) => sent.includes(String(r.body.Messageid)));
    expect(received).toHaveLength(5);
  }, 120_000);
});
