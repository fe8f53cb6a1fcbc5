/**
 * The listening connection and the notifications writes send, on the real test database: a
 * write that rolls back (or that the one-statement accept refuses) notifies nobody; a cut
 * connection comes back by itself and says so, and garbage on the channel is ignored.
 */
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { acceptIntoBotConversation } from "@/server/conversations/fast-accept";
import { newMessageId } from "@/server/conversations/ids";
import { db, pool } from "@/server/db/client";
import { createChatScene } from "@/test/chat-scene";
import { LIVE_CHANNEL, type LiveEvent } from "./events";
import { LiveListener } from "./listener";
import { announce, publish } from "./publish";

const listeners: LiveListener[] = [];
afterEach(async () => {
  await Promise.all(listeners.splice(0).map((l) => l.stop()));
});

async function listening() {
  const events: LiveEvent[] = [];
  let listens = 0;
  const listener = new LiveListener(() => process.env.DATABASE_URL ?? "", { onEvent: (e) => events.push(e), onListening: () => (listens += 1) }, { firstMs: 20, maxMs: 200 });
  listeners.push(listener);
  listener.start();
  await until(() => listener.listening);
  return { listener, events, listens: () => listens };
}

async function until(condition: () => boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

const change = (tenantId: string, conversationId: string): LiveEvent => ({ type: "change", tenantId, what: "conversation", conversationIds: [conversationId] });

describe("live notifications", () => {
  it("are sent by a transaction that commits, and by none that rolls back", async () => {
    const { events } = await listening();
    const tenantId = `t_${newMessageId()}`;
    await expect(
      db().$transaction(async (tx) => {
        await announce(tx, change(tenantId, "rolled-back"));
        throw new Error("the write fails after announcing");
      }),
    ).rejects.toThrow("the write fails");
    await db().$transaction(async (tx) => announce(tx, change(tenantId, "committed")));
    await until(() => events.some((e) => e.tenantId === tenantId));
    await publish(pool(), change(tenantId, "after"));
    await until(() => events.filter((e) => e.tenantId === tenantId).length === 2);
    expect(events.filter((e) => e.tenantId === tenantId)).toEqual([change(tenantId, "committed"), change(tenantId, "after")]);
  });

  it("come from the one-statement accept only when it wrote the message", async () => {
    const { events } = await listening();
    const scene = await createChatScene({ action: "BOT", channel: "WEB_CHAT", botUrl: "http://127.0.0.1:9/unused" });
    const input = (routingVersion: string | null) => ({
      tenantId: scene.tenantId,
      channelAssetId: scene.asset.id,
      channelUserId: "visitor_1",
      serviceId: scene.service.id,
      botIntegrationId: scene.bot.id,
      ccspIntegrationId: null,
      ruleId: scene.rule.id,
      message: { id: newMessageId(), kind: "MESSAGE" as const, text: "hi", messageType: "text", postbackPayload: null, channelMessageId: null },
      payload: { Event: "Incoming message" },
      deliveryState: "PENDING" as const,
      routingVersion,
    });
    // A stale routing version: nothing written, nobody notified.
    const stale = input("-1");
    expect(await acceptIntoBotConversation(pool(), stale)).toEqual({ stale: true });
    const fresh = input(null);
    const accepted = await acceptIntoBotConversation(pool(), fresh);
    expect(accepted).toMatchObject({ conversationId: expect.any(String) });
    await until(() => events.some((e) => e.tenantId === scene.tenantId));
    expect(events.filter((e) => e.tenantId === scene.tenantId)).toEqual([
      {
        type: "message",
        tenantId: scene.tenantId,
        channelAssetId: scene.asset.id,
        channelUserId: "visitor_1",
        conversationIds: ["conversationId" in accepted ? accepted.conversationId : ""],
        messageId: fresh.message.id,
      },
    ]);
    expect(await db().message.count({ where: { id: stale.message.id } })).toBe(0);
  });

  it("wait out an unreachable database, trying again with growing delays, and never throw", async () => {
    let url = "postgres://switchboard@127.0.0.1:1/nowhere";
    let listens = 0;
    const listener = new LiveListener(() => url, { onEvent: () => {}, onListening: () => (listens += 1) }, { firstMs: 20, maxMs: 100 });
    listeners.push(listener);
    listener.start();
    await new Promise((r) => setTimeout(r, 400));
    expect(listener.listening).toBe(false);
    url = process.env.DATABASE_URL ?? "";
    await until(() => listener.listening);
    expect(listens).toBe(1);
  });

  it("survive the listening connection being cut: it reconnects by itself and says it is listening again", async () => {
    const { listener, events, listens } = await listening();
    expect(listens()).toBe(1);
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    try {
      for (let cut = 1; cut <= 2; cut += 1) {
        const pid = listener.backendPid;
        expect(pid).toEqual(expect.any(Number));
        await admin.query("SELECT pg_terminate_backend($1)", [pid]);
        await until(() => listens() === cut + 1 && listener.listening);
        expect(listener.backendPid).not.toBe(pid);
      }
      // Garbage on the channel is dropped; real events still come.
      await admin.query("SELECT pg_notify($1, $2)", [LIVE_CHANNEL, "{not json"]);
      await admin.query("SELECT pg_notify($1, $2)", [LIVE_CHANNEL, JSON.stringify({ type: "message", tenantId: "x" })]);
      const tenantId = `t_${newMessageId()}`;
      await publish(pool(), change(tenantId, "after the cuts"));
      await until(() => events.some((e) => e.tenantId === tenantId));
      expect(events.filter((e) => e.tenantId === "x")).toEqual([]);
    } finally {
      await admin.end();
    }
  });
});
