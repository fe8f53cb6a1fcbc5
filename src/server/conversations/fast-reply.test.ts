/**
 * A bot's message to the customer: one statement where no delivery is needed, the general path
 * otherwise, and the same answers either way (the statement writes nothing when it may not).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { api } from "@/test/api-client";
import { createChatScene } from "@/test/chat-scene";
import { startReceiver, type Receiver } from "@/test/receiver";

let bot: Receiver;
let callback: Receiver;
beforeAll(async () => {
  [bot, callback] = await Promise.all([startReceiver(), startReceiver()]);
  bot.reply({ status: 200 });
  callback.reply({ status: 200 });
});
afterAll(async () => {
  await Promise.all([bot.close(), callback.close()]);
});

async function conversationWithBot(channel: "WEB_CHAT" | "HTTP", action: "BOT" | "BOT_CCSP" = "BOT") {
  const scene = await createChatScene({ action, channel, botPlatform: "IMI_BOT", botUrl: bot.url, callbackUrl: callback.url, ccspPlatform: "BUILT_IN" });
  const token = channel === "WEB_CHAT" ? (await api.visitor(scene.asset.id)).body.token as string : scene.channelSecret;
  const userId = channel === "WEB_CHAT" ? (token.split(".")[1] as string) : "customer-1";
  const hello = await api.channelMessage(scene.asset.id, { token, body: { userId, message: "hello" } });
  expect(hello.status).toBe(202);
  const say = (body: Record<string, unknown>) => api.integrationEvent(scene.bot.id, { token: scene.bot.inboundSecret, body: { conversation_id: hello.body.conversationId, ...body } });
  return { scene, conversationId: hello.body.conversationId as string, say };
}

describe("a bot's message to the customer", () => {
  it("on the web chat: stored with its type and custom parameters, the conversation touched, nothing to deliver", async () => {
    const { conversationId, say } = await conversationWithBot("WEB_CHAT");
    const before = await db().conversation.findUniqueOrThrow({ where: { id: conversationId } });
    const reply = await say({ eventid: "1001", message: "Hi!", Messagetype: "card", quickReplies: "Yes|No", score: 3 });
    expect(reply).toMatchObject({ status: 202, body: { conversationId, messageId: expect.stringMatching(/^msg_/) } });
    const stored = await db().message.findUniqueOrThrow({ where: { id: reply.body.messageId as string } });
    expect(stored).toMatchObject({ conversationId, sender: "BOT", kind: "MESSAGE", text: "Hi!", messageType: "card", customParams: { quickReplies: "Yes|No", score: 3 }, agentId: null });
    expect(await db().delivery.count({ where: { messageId: stored.id } })).toBe(0);
    const after = await db().conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(after.lastActivityAt.getTime()).toBeGreaterThanOrEqual(before.lastActivityAt.getTime());
  });

  it("on an HTTP channel with a callback: stored with the callback's delivery (the general path)", async () => {
    const { conversationId, say } = await conversationWithBot("HTTP");
    const reply = await say({ eventid: "1001", message: "to the callback" });
    expect(reply.status).toBe(202);
    const deliveries = await db().delivery.findMany({ where: { messageId: reply.body.messageId as string } });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ conversationId, integrationId: null });
  });

  it("writes nothing, and answers as before, when a CCSP has the flag, the conversation is closed or not the bot's", async () => {
    const { scene, conversationId, say } = await conversationWithBot("WEB_CHAT", "BOT_CCSP");
    expect((await say({ eventid: "1002", reason: "asked" })).status).toBe(202);
    const count = () => db().message.count({ where: { conversationId, sender: "BOT", kind: "MESSAGE" } });
    const withAgent = await say({ eventid: "1001", message: "must not be stored" });
    expect(withAgent).toMatchObject({ status: 409, body: { error: { field: "conversation_id" } } });
    expect(await count()).toBe(0);

    const other = await createChatScene({ action: "BOT", channel: "WEB_CHAT", botPlatform: "IMI_BOT", botUrl: bot.url });
    const foreign = await api.integrationEvent(other.bot.id, { token: other.bot.inboundSecret, body: { eventid: "1001", conversation_id: conversationId, message: "not mine" } });
    expect(foreign.status).toBe(404);

    const open = await conversationWithBot("WEB_CHAT");
    expect((await open.say({ eventid: "1003" })).status).toBe(202);
    const closed = await open.say({ eventid: "1001", message: "too late" });
    expect(closed).toMatchObject({ status: 409 });
    expect(await db().message.count({ where: { conversationId: open.conversationId, text: "too late" } })).toBe(0);
    expect(scene.tenantId).not.toBe(other.tenantId);
  });
});
