/**
 * Idempotency of inbound events (Idempotency-Key or webhook-id) through the real route handler
 * on the real database: a repeat within 24 h gets the first answer and writes nothing, keys are
 * per integration, concurrent repeats write once, and the sweep deletes expired keys.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { embeddedWork } from "@/server/jobs/embedded-work";
import { sweep } from "@/server/jobs/sweep";
import { deleteExpiredKeys } from "./inbound-idempotency";
import { api } from "@/test/api-client";
import { createChatScene } from "@/test/chat-scene";
import { withOwnDatabase } from "@/test/own-database";
import { startReceiver, type Receiver } from "@/test/receiver";

// The sweep acts on every tenant: it gets a database of its own.
withOwnDatabase();

let bot: Receiver;
let callback: Receiver;
beforeAll(async () => {
  [bot, callback] = await Promise.all([startReceiver(), startReceiver()]);
});
afterAll(async () => {
  await Promise.all([bot.close(), callback.close()]);
});

async function openConversation(channel: "WEB_CHAT" | "HTTP", action: "BOT" | "BOT_CCSP" = "BOT") {
  const scene = await createChatScene({ action, channel, botPlatform: "IMI_BOT", botUrl: bot.url, callbackUrl: callback.url, ccspPlatform: "BUILT_IN" });
  const token = channel === "WEB_CHAT" ? ((await api.visitor(scene.asset.id)).body.token as string) : scene.channelSecret;
  const userId = channel === "WEB_CHAT" ? (token.split(".")[1] as string) : "customer-1";
  const hello = await api.channelMessage(scene.asset.id, { token, body: { userId, message: "hello" } });
  expect(hello.status).toBe(202);
  const conversationId = hello.body.conversationId as string;
  const say = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    api.integrationEvent(scene.bot.id, { token: scene.bot.inboundSecret, headers, body: { conversation_id: conversationId, ...body } });
  return { scene, conversationId, say };
}

const botMessages = (conversationId: string) => db().message.count({ where: { conversationId, sender: "BOT" } });

describe("Idempotency-Key on inbound events", () => {
  it("a repeat within 24 h gets the first answer and writes nothing (the one-statement web chat path)", async () => {
    const { conversationId, say } = await openConversation("WEB_CHAT");
    const first = await say({ eventid: "1001", message: "Your order shipped" }, { "Idempotency-Key": "order-42-shipped" });
    expect(first.status).toBe(202);
    const again = await say({ eventid: "1001", message: "Your order shipped" }, { "Idempotency-Key": "order-42-shipped" });
    expect(again).toStrictEqual(first);
    expect(await botMessages(conversationId)).toBe(1);
    // Without a key, each request is a new message, as before.
    await say({ eventid: "1001", message: "unkeyed" });
    await say({ eventid: "1001", message: "unkeyed" });
    expect(await botMessages(conversationId)).toBe(3);
  });

  it("on the general path (a delivery to the HTTP channel's callback) the repeat creates no second message or delivery", async () => {
    callback.reply({ status: 200 });
    const { conversationId, say } = await openConversation("HTTP");
    const first = await say({ eventid: "1001", message: "to the callback" }, { "Idempotency-Key": "k-general" });
    const again = await say({ eventid: "1001", message: "to the callback" }, { "Idempotency-Key": "k-general" });
    expect(first.status).toBe(202);
    expect(again).toStrictEqual(first);
    expect(await botMessages(conversationId)).toBe(1);
    expect(await db().delivery.count({ where: { conversationId, channelAssetId: { not: null } } })).toBe(1);
  });

  it("a repeated close or handover gets its first answer, not a 409 about what the first one did", async () => {
    const { conversationId, say } = await openConversation("WEB_CHAT", "BOT_CCSP");
    const handover = await say({ eventid: "1002", reason: "asked" }, { "webhook-id": "msg_handover_1" });
    expect(handover).toMatchObject({ status: 202, body: { ccspConversationId: expect.any(String) } });
    expect(await say({ eventid: "1002", reason: "asked" }, { "webhook-id": "msg_handover_1" })).toStrictEqual(handover);
    expect(await db().conversation.count({ where: { parentId: conversationId } })).toBe(1);
  });

  it("uses the Standard Webhooks webhook-id when no Idempotency-Key is sent", async () => {
    const { conversationId, say } = await openConversation("WEB_CHAT");
    const first = await say({ eventid: "1001", message: "once" }, { "webhook-id": "msg_2b0P" });
    expect(await say({ eventid: "1001", message: "once" }, { "webhook-id": "msg_2b0P" })).toStrictEqual(first);
    expect(await botMessages(conversationId)).toBe(1);
  });

  it("scopes keys to the integration: another bot's same key is its own event", async () => {
    const a = await openConversation("WEB_CHAT");
    const b = await openConversation("WEB_CHAT");
    const fromA = await a.say({ eventid: "1001", message: "from A" }, { "Idempotency-Key": "shared-key" });
    const fromB = await b.say({ eventid: "1001", message: "from B" }, { "Idempotency-Key": "shared-key" });
    expect(fromB.status).toBe(202);
    expect(fromB.body.conversationId).toBe(b.conversationId);
    expect(fromB.body.messageId).not.toBe(fromA.body.messageId);
    expect(await botMessages(b.conversationId)).toBe(1);
  });

  it("concurrent repeats write once and all get the same answer", async () => {
    for (const channel of ["WEB_CHAT", "HTTP"] as const) {
      const { conversationId, say } = await openConversation(channel);
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => say({ eventid: "1001", message: "raced" }, { "Idempotency-Key": `race-${channel}` })),
      );
      for (const answer of answers) expect(answer).toStrictEqual(answers[0]);
      expect(answers[0]!.status).toBe(202);
      expect(await botMessages(conversationId)).toBe(1);
    }
  });

  it("refuses the same key with another body (409), and a malformed key (400), writing nothing", async () => {
    const { conversationId, say } = await openConversation("WEB_CHAT");
    await say({ eventid: "1001", message: "first" }, { "Idempotency-Key": "reused" });
    const reused = await say({ eventid: "1001", message: "something else" }, { "Idempotency-Key": "reused" });
    expect(reused).toMatchObject({ status: 409, body: { error: { field: "idempotency-key" } } });
    const tooLong = await say({ eventid: "1001", message: "x" }, { "Idempotency-Key": "k".repeat(256) });
    expect(tooLong).toMatchObject({ status: 400, body: { error: { field: "idempotency-key" } } });
    expect(await botMessages(conversationId)).toBe(1);
  });

  it("a key older than 24 h no longer deduplicates, and the sweep deletes expired keys", async () => {
    const { scene, conversationId, say } = await openConversation("WEB_CHAT");
    await say({ eventid: "1001", message: "day one" }, { "Idempotency-Key": "daily" });
    await say({ eventid: "1001", message: "kept" }, { "Idempotency-Key": "fresh" });
    const dayAgo = new Date(Date.now() - 24 * 3_600_000 - 60_000);
    await db().inboundEventKey.update({ where: { integrationId_key: { integrationId: scene.bot.id, key: "daily" } }, data: { createdAt: dayAgo } });
    const nextDay = await say({ eventid: "1001", message: "day one" }, { "Idempotency-Key": "daily" });
    expect(nextDay.status).toBe(202);
    expect(await botMessages(conversationId)).toBe(3);

    await db().inboundEventKey.update({ where: { integrationId_key: { integrationId: scene.bot.id, key: "daily" } }, data: { createdAt: dayAgo } });
    const report = await sweep(db(), embeddedWork(db()));
    expect(report.expiredKeys).toBeGreaterThanOrEqual(1);
    const left = await db().inboundEventKey.findMany({ where: { integrationId: scene.bot.id }, select: { key: true } });
    expect(left.map((k) => k.key)).toEqual(["fresh"]);
  });

  it("the sweep's delete works in bounded batches and stops at its limit", async () => {
    const { scene, say } = await openConversation("WEB_CHAT");
    for (let i = 0; i < 5; i++) await say({ eventid: "1001", message: `m${i}` }, { "Idempotency-Key": `old-${i}` });
    await db().inboundEventKey.updateMany({ where: { integrationId: scene.bot.id }, data: { createdAt: new Date(Date.now() - 25 * 3_600_000) } });
    expect(await deleteExpiredKeys(db(), new Date(), 2, 2)).toBe(4);
    expect(await db().inboundEventKey.count({ where: { integrationId: scene.bot.id } })).toBe(1);
    expect(await deleteExpiredKeys(db(), new Date(), 2, 2)).toBe(1);
  });
});
