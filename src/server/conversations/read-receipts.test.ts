/**
 * One Read per message per visitor, on the real database through the receipts route: reloads
 * and a second tab of the same visitor report the same message again and again, and the bot
 * must hear of it once. A Read for a message the visitor never received is refused (404).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { api } from "@/test/api-client";
import { createChatScene } from "@/test/chat-scene";
import { startReceiver, type Receiver } from "@/test/receiver";

let bot: Receiver;

beforeAll(async () => {
  bot = await startReceiver();
  bot.reply({ status: 200 });
});
afterAll(() => bot.close());

async function visitorWithReply(assetId: string, botId: string, inboundSecret: string, text = "Welcome!") {
  const visitor = await api.visitor(assetId);
  const { visitorId, token } = visitor.body as { visitorId: string; token: string };
  const sent = await api.channelMessage(assetId, { token, body: { userId: visitorId, message: "hi" } });
  expect(sent.status).toBe(202);
  const reply = await api.integrationEvent(botId, { token: inboundSecret, body: { eventid: "1001", conversation_id: sent.body.conversationId, message: text } });
  expect(reply.status).toBe(202);
  return { visitorId, token, customerMessageId: sent.body.messageId as string, replyId: reply.body.messageId as string };
}

/** The Read deliveries written for the bot about one message (the outbox, whatever was sent yet). */
async function readDeliveries(tenantId: string, messageId: string) {
  const receipts = await db().message.findMany({ where: { tenantId, kind: "RECEIPT", text: "Read" }, select: { id: true, customParams: true } });
  const ids = receipts.filter((r) => (r.customParams as { messageId?: string }).messageId === messageId).map((r) => r.id);
  return db().delivery.findMany({ where: { tenantId, messageId: { in: ids } }, select: { payload: true } });
}

describe("Read receipts from the web chat", () => {
  it("reach the bot once per message, however many tabs and reloads report it", async () => {
    const s = await createChatScene({ action: "BOT", channel: "WEB_CHAT", botUrl: bot.url });
    const v = await visitorWithReply(s.asset.id, s.bot.id, s.bot.inboundSecret);

    // Two tabs of one visitor (one token, shared storage) report it at the same moment...
    const tabs = await Promise.all([0, 1].map(() => api.receipt(s.asset.id, { token: v.token, body: { messageId: v.replyId, status: "Read" } })));
    expect(tabs.map((t) => t.status).sort()).toEqual([200, 202]);
    expect(tabs.find((t) => t.status === 200)!.body).toEqual({ receiptId: null, duplicate: true });
    // ...then three reloads report it again.
    for (let reload = 0; reload < 3; reload++) {
      const again = await api.receipt(s.asset.id, { token: v.token, body: { messageId: v.replyId, status: "Read" } });
      expect(again.status).toBe(200);
      expect(again.body.duplicate).toBe(true);
    }

    const deliveries = await readDeliveries(s.tenantId, v.replyId);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.payload).toMatchObject({ Event: "Message Delivery", DeliveryStatus: "Read", Messageid: v.replyId });
    expect(await db().message.count({ where: { channelAssetId: s.asset.id, kind: "RECEIPT" } })).toBe(1);

    // A later message gets its own one Read.
    const next = await api.integrationEvent(s.bot.id, { token: s.bot.inboundSecret, body: { eventid: "1001", conversation_id: (await db().message.findUniqueOrThrow({ where: { id: v.replyId } })).conversationId, message: "Anything else?" } });
    const nextId = next.body.messageId as string;
    expect((await api.receipt(s.asset.id, { token: v.token, body: { messageId: nextId, status: "Read" } })).status).toBe(202);
    expect((await api.receipt(s.asset.id, { token: v.token, body: { messageId: nextId, status: "Read" } })).status).toBe(200);
    expect(await readDeliveries(s.tenantId, nextId)).toHaveLength(1);
  });

  it("are refused (404) for a message the visitor never received, and write nothing", async () => {
    const s = await createChatScene({ action: "BOT", channel: "WEB_CHAT", botUrl: bot.url });
    const alice = await visitorWithReply(s.asset.id, s.bot.id, s.bot.inboundSecret, "for Alice");
    const bob = await visitorWithReply(s.asset.id, s.bot.id, s.bot.inboundSecret, "for Bob");
    const other = await createChatScene({ action: "BOT", channel: "WEB_CHAT", botUrl: bot.url });
    const stranger = await visitorWithReply(other.asset.id, other.bot.id, other.bot.inboundSecret, "other tenant");

    const refused = [
      // Another visitor's reply on the same chat.
      await api.receipt(s.asset.id, { token: bob.token, body: { messageId: alice.replyId, status: "Read" } }),
      // The visitor's own message (nobody sent it to them).
      await api.receipt(s.asset.id, { token: alice.token, body: { messageId: alice.customerMessageId, status: "Read" } }),
      // No such message.
      await api.receipt(s.asset.id, { token: alice.token, body: { messageId: "msg_never_sent", status: "Read" } }),
      // Another tenant's message, asked on this chat.
      await api.receipt(s.asset.id, { token: alice.token, body: { messageId: stranger.replyId, status: "Read" } }),
    ];
    expect(refused.map((r) => r.status)).toEqual([404, 404, 404, 404]);
    expect(refused.every((r) => typeof r.body.error?.message === "string")).toBe(true);
    expect(await db().message.count({ where: { tenantId: { in: [s.tenantId, other.tenantId] }, kind: "RECEIPT" } })).toBe(0);

    // Bob's Read of his own reply still counts once; Alice's refusal did not use it up.
    expect((await api.receipt(s.asset.id, { token: bob.token, body: { messageId: bob.replyId, status: "Read" } })).status).toBe(202);
    expect((await api.receipt(s.asset.id, { token: alice.token, body: { messageId: alice.replyId, status: "Read" } })).status).toBe(202);
    expect(await readDeliveries(s.tenantId, alice.replyId)).toHaveLength(1);
    expect(await readDeliveries(s.tenantId, bob.replyId)).toHaveLength(1);
  });

  it("keep Delivered and Failed as they were: each report is passed on", async () => {
    const s = await createChatScene({ action: "BOT", channel: "WEB_CHAT", botUrl: bot.url });
    const v = await visitorWithReply(s.asset.id, s.bot.id, s.bot.inboundSecret);
    expect((await api.receipt(s.asset.id, { token: v.token, body: { messageId: v.replyId, status: "Delivered" } })).status).toBe(202);
    expect((await api.receipt(s.asset.id, { token: v.token, body: { messageId: v.replyId, status: "Read" } })).status).toBe(202);
    expect(await db().message.count({ where: { channelAssetId: s.asset.id, kind: "RECEIPT" } })).toBe(2);
  });
});
