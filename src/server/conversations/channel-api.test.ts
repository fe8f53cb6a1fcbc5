import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { api } from "@/test/api-client";
import { createChatScene } from "@/test/chat-scene";
import { digits, fromCustomer, mid, notification, postWebhook } from "@/test/messenger-scene";
import { startReceiver, type Receiver } from "@/test/receiver";

let bot: Receiver;
let ccsp: Receiver;
let callback: Receiver;

beforeAll(async () => {
  [bot, ccsp, callback] = await Promise.all([startReceiver(), startReceiver(), startReceiver()]);
  ccsp.reply({ status: 200 });
  callback.reply({ status: 200 });
});
afterAll(async () => {
  await Promise.all([bot.close(), ccsp.close(), callback.close()]);
});

const scene = (options: Partial<Parameters<typeof createChatScene>[0]> = {}) =>
  createChatScene({ action: "BOT", botPlatform: "IMI_BOT", botUrl: bot.url, ccspUrl: ccsp.url, callbackUrl: callback.url, ...options });

describe("channel API", () => {
  it("sends postbacks as POSTBACK, and as FB POSTBACK on Messenger, with the IMI BOT Bearer token", async () => {
    bot.reply({ status: 200 });
    for (const [channel, event] of [["HTTP", "POSTBACK"], ["MESSENGER", "FB POSTBACK"]] as const) {
      const s = await scene({ channel });
      const start = bot.requests.length;
      let conversationId: unknown;
      if (channel === "MESSENGER") {
        // A Messenger channel takes its customers' taps from Meta's webhook, not the channel API.
        const { pageId, appSecret } = s.messenger;
        const psid = digits();
        const answer = await postWebhook(s.asset.id, notification(pageId, [fromCustomer(pageId, psid, { postback: { mid: mid(), title: "Buy now", payload: "BUY_NOW" } })]), { appSecret });
        expect(answer.status).toBe(200);
        await bot.waitForRequests(start + 1);
        conversationId = (await db().conversation.findFirstOrThrow({ where: { channelAssetId: s.asset.id, channelUserId: psid } })).id;
      } else {
        const sent = await api.channelMessage(s.asset.id, { token: s.channelSecret, body: { userId: "u1", postbackPayload: "BUY_NOW" } });
        expect(sent.status).toBe(202);
        conversationId = sent.body.conversationId;
      }
      const [request] = (await bot.waitForRequests(start + 1)).slice(start);
      expect(request!.body).toStrictEqual({
        Conversationid: conversationId,
        ConversationType: "BOT",
        PostbackPayload: "BUY_NOW",
        Channel: channel === "MESSENGER" ? "FB" : "HTTP",
        Event: event,
        Timestamp: expect.any(String),
      });
      expect(request!.headers.authorization).toBe(`Bearer ${s.bot.token}`);
    }
  });

  it("forwards delivery receipts to the bot as Message Delivery events", async () => {
    bot.reply({ status: 200 });
    const s = await scene();
    const beforeHi = bot.requests.length;
    const first = await api.channelMessage(s.asset.id, { token: s.channelSecret, body: { userId: "u1", message: "hi" } });
    await bot.waitForRequests(beforeHi + 1);
    const botReply = await api.integrationEvent(s.bot.id, { token: s.bot.inboundSecret, body: { eventid: "1001", conversation_id: first.body.conversationId, message: "hello" } });
    const start = bot.requests.length;
    const failed = await api.receipt(s.asset.id, { token: s.channelSecret, body: { messageId: botReply.body.messageId, status: "Failed", description: "user blocked" } });
    expect(failed.status).toBe(202);
    const read = await api.receipt(s.asset.id, { token: s.channelSecret, body: { messageId: botReply.body.messageId, status: "Read" } });
    expect(read.status).toBe(202);
    const requests = (await bot.waitForRequests(start + 2)).slice(start).map((r) => r.body);
    expect(requests).toContainEqual({
      Conversationid: first.body.conversationId,
      ConversationType: "BOT",
      Messageid: botReply.body.messageId,
      Channel: "HTTP",
      Event: "Message Delivery",
      DeliveryStatus: "Failed",
      Description: "user blocked",
      Timestamp: expect.any(String),
    });
    expect(requests.find((r) => r.DeliveryStatus === "Read")).not.toHaveProperty("Description");

    const unknown = await api.receipt(s.asset.id, { token: s.channelSecret, body: { messageId: first.body.messageId, status: "Read" } });
    expect(unknown.status).toBe(404); // a customer's own message gets no receipt
  });

  it("makes one conversation of 20 simultaneous first messages from one user", async () => {
    bot.reply({ status: 200 });
    const s = await scene();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => api.channelMessage(s.asset.id, { token: s.channelSecret, body: { userId: "rush", message: `m${i}` } })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(202));
    expect(new Set(answers.map((a) => a.body.conversationId)).size).toBe(1);
    expect(await db().conversation.count({ where: { channelAssetId: s.asset.id } })).toBe(1);
    expect(await db().message.count({ where: { channelAssetId: s.asset.id } })).toBe(20);
  });

  it("accepts a repeated channel messageId once and answers with the first answer", async () => {
    bot.reply({ status: 200 });
    const s = await scene();
    const body = { userId: "dup", message: "once", messageId: "provider-42" };
    const answers = await Promise.all([1, 2, 3].map(() => api.channelMessage(s.asset.id, { token: s.channelSecret, body })));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    expect(new Set(answers.map((a) => a.body.messageId)).size).toBe(1);
    expect(new Set(answers.map((a) => a.body.conversationId)).size).toBe(1);
    expect(await db().message.count({ where: { channelAssetId: s.asset.id } })).toBe(1);
    expect(await db().delivery.count({ where: { tenantId: s.tenantId } })).toBe(1);
  });

  it("keeps a message no rule matches as unrouted", async () => {
    const s = await scene();
    await db().rule.updateMany({ where: { serviceId: s.service.id }, data: { enabled: false } });
    const sent = await api.channelMessage(s.asset.id, { token: s.channelSecret, body: { userId: "lost", message: "anyone?" } });
    expect(sent.status).toBe(202);
    expect(sent.body.conversationId).toBeNull();
    const stored = await db().message.findUniqueOrThrow({ where: { id: sent.body.messageId as string } });
    expect(stored).toMatchObject({ kind: "UNROUTED", conversationId: null, text: "anyone?" });
  });

  it("sends a CCSP-only rule's messages straight to the CCSP", async () => {
    const s = await scene({ action: "CCSP" });
    const start = ccsp.requests.length;
    const sent = await api.channelMessage(s.asset.id, { token: s.channelSecret, body: { userId: "c", message: "human please" } });
    const [request] = (await ccsp.waitForRequests(start + 1)).slice(start);
    expect(request!.body).toMatchObject({ Conversationid: sent.body.conversationId, ConversationType: "CCSP", Message: "human please" });
    const conversation = await db().conversation.findUniqueOrThrow({ where: { id: sent.body.conversationId as string } });
    expect(conversation.kind).toBe("CCSP");
  });

  it("hands a customer to the CCSP with the reason \"bot unavailable\" when the bot is INACTIVE, holding the bot's copy", async () => {
    const s = await scene({ action: "BOT_CCSP" });
    await db().integration.update({ where: { id: s.bot.id }, data: { status: "INACTIVE", deactivatedAt: new Date() } });
    const start = ccsp.requests.length;
    const sent = await api.channelMessage(s.asset.id, { token: s.channelSecret, body: { userId: "waiting", message: "anyone there?" } });
    expect(sent.status).toBe(202);
    const [notice, message] = (await ccsp.waitForRequests(start + 2)).slice(start).map((r) => r.body);
    expect(notice).toMatchObject({ Event: "Handover", Reason: "bot unavailable", Conversationid: sent.body.conversationId });
    expect(message).toMatchObject({ Event: "Incoming message", Message: "anyone there?", ConversationType: "CCSP", Conversationid: sent.body.conversationId });
    const ccspConversation = await db().conversation.findUniqueOrThrow({ where: { id: sent.body.conversationId as string } });
    expect(ccspConversation).toMatchObject({ kind: "CCSP", handoverReason: "bot unavailable" });
    const botCopy = await db().delivery.findFirstOrThrow({ where: { integrationId: s.bot.id } });
    expect(botCopy.state).toBe("HELD");
    expect(botCopy.payload).toMatchObject({ Conversationid: ccspConversation.parentId, ConversationType: "CCSP" });

    // With the option off, the customer waits for the bot (the delivery is held) instead.
    await db().rule.updateMany({ where: { serviceId: s.service.id }, data: { handoverWhenBotUnavailable: false } });
    const other = await api.channelMessage(s.asset.id, { token: s.channelSecret, body: { userId: "patient", message: "hello?" } });
    const conversation = await db().conversation.findUniqueOrThrow({ where: { id: other.body.conversationId as string } });
    expect(conversation.kind).toBe("BOT");
  });

  it("lets a web chat visitor write only as themselves, and read the replies", async () => {
    bot.reply({ status: 200 });
    const s = await scene({ channel: "WEB_CHAT" });
    const visitor = await api.visitor(s.asset.id);
    expect(visitor.status).toBe(201);
    const { visitorId, token } = visitor.body as { visitorId: string; token: string };
    const sent = await api.channelMessage(s.asset.id, { token, body: { userId: visitorId, message: "hi from the page" } });
    expect(sent.status).toBe(202);
    const impersonation = await api.channelMessage(s.asset.id, { token, body: { userId: "someone-else", message: "hi" } });
    expect(impersonation.status).toBe(403);
    await api.integrationEvent(s.bot.id, { token: s.bot.inboundSecret, body: { eventid: "1001", conversation_id: sent.body.conversationId, message: "Welcome!" } });
    const read = await api.visitorMessages(s.asset.id, token);
    expect((read.body.messages as { text: string; sender: string }[]).map((m) => [m.sender, m.text])).toEqual([
      ["CUSTOMER", "hi from the page"],
      ["BOT", "Welcome!"],
    ]);
    const later = await api.visitorMessages(s.asset.id, token, sent.body.messageId as string);
    expect((later.body.messages as unknown[]).length).toBe(1);
    const otherAsset = await scene({ channel: "WEB_CHAT" });
    expect((await api.channelMessage(otherAsset.asset.id, { token, body: { userId: visitorId, message: "x" } })).status).toBe(401);
  });
});

describe("bad input is refused with a JSON error naming the problem, and writes nothing", () => {
  it.each([
    ["invalid JSON", { rawBody: "{not json" }, 400, "body"],
    ["a missing userId", { body: { message: "hi" } }, 400, "userId"],
    ["a wrong-typed message", { body: { userId: "u", message: 42 } }, 400, "message"],
    ["no message and no postback", { body: { userId: "u" } }, 400, "message"],
    ["an unknown field", { body: { userId: "u", message: "hi", text: "oops" } }, 400, "text"],
    ["a body over 64 KB", { body: { userId: "u", message: "x".repeat(70_000) } }, 413, "body"],
    ["a non-JSON content type", { rawBody: "userId=u", contentType: "application/x-www-form-urlencoded" }, 415, undefined],
  ])("on the channel API: %s", async (_, init, status, field) => {
    const s = await scene();
    const answer = await api.channelMessage(s.asset.id, { token: s.channelSecret, ...init });
    expect(answer.status).toBe(status);
    expect(answer.body.error?.message).toEqual(expect.any(String));
    if (field) expect(answer.body.error?.field).toBe(field);
    expect(await db().message.count({ where: { channelAssetId: s.asset.id } })).toBe(0);
    expect(await db().conversation.count({ where: { channelAssetId: s.asset.id } })).toBe(0);
  });

  it("an unknown asset, a missing or wrong secret", async () => {
    const s = await scene();
    const body = { userId: "u", message: "hi" };
    expect((await api.channelMessage("nope", { token: s.channelSecret, body })).status).toBe(404);
    expect((await api.channelMessage(s.asset.id, { body })).status).toBe(401);
    const wrong = await api.channelMessage(s.asset.id, { token: "sbch_wrong", body });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error?.message).toBe("The channel secret is wrong");
    expect(await db().message.count({ where: { channelAssetId: s.asset.id } })).toBe(0);
  });

  it("on the integration webhook: unknown integration, wrong secret, unknown eventid, unknown or closed conversation", async () => {
    bot.reply({ status: 200 });
    const s = await scene();
    const sent = await api.channelMessage(s.asset.id, { token: s.channelSecret, body: { userId: "u", message: "hi" } });
    const conversationId = sent.body.conversationId as string;
    const say = (body: unknown, token = s.bot.inboundSecret, id = s.bot.id) => api.integrationEvent(id, { token, body });
    const before = await db().message.count({ where: { tenantId: s.tenantId } });

    expect((await say({ eventid: "1001", conversation_id: conversationId, message: "x" }, s.bot.inboundSecret, "missing")).status).toBe(401);
    expect((await say({ eventid: "1001", conversation_id: conversationId, message: "x" }, "sbin_wrong")).status).toBe(401);
    const unknownEvent = await say({ eventid: "1009", conversation_id: conversationId });
    expect(unknownEvent.status).toBe(400);
    expect(unknownEvent.body.error).toMatchObject({ field: "eventid", message: expect.stringContaining('Unknown eventid "1009"') });
    const missingMessage = await say({ eventid: "1001", conversation_id: conversationId });
    expect(missingMessage.body.error).toMatchObject({ field: "message", message: "message is required" });
    expect((await say({ eventid: "1001", conversation_id: "conv_unknown", message: "x" })).status).toBe(404);
    // The bot cannot hand over without a CCSP in its rule.
    expect((await say({ eventid: "1002", conversation_id: conversationId })).status).toBe(409);
    expect(await db().message.count({ where: { tenantId: s.tenantId } })).toBe(before);

    expect((await say({ eventid: "1003", conversation_id: conversationId })).status).toBe(202);
    const closed = await say({ eventid: "1001", conversation_id: conversationId, message: "x" });
    expect(closed.status).toBe(409);
    expect(closed.body.error?.message).toContain("is closed");
  });
});

describe("tenant isolation on the public API", () => {
  it("an integration cannot act on another integration's or another tenant's conversation", async () => {
    bot.reply({ status: 200 });
    const acme = await scene({ action: "BOT_CCSP" });
    const globex = await scene({ action: "BOT_CCSP" });
    const sent = await api.channelMessage(acme.asset.id, { token: acme.channelSecret, body: { userId: "u", message: "hi" } });
    const conversationId = sent.body.conversationId as string;
    const attempt = (who: { id: string; inboundSecret: string }, eventid: string) =>
      api.integrationEvent(who.id, { token: who.inboundSecret, body: { eventid, conversation_id: conversationId, message: "hijack" } });

    expect((await attempt(globex.bot, "1001")).status).toBe(404);
    expect((await attempt(globex.bot, "1003")).status).toBe(404);
    // Acme's own CCSP is not the bot of this BOT conversation either.
    expect((await attempt(acme.ccsp, "1001")).status).toBe(404);
    // Another tenant's channel secret does not open Acme's asset.
    expect((await api.channelMessage(acme.asset.id, { token: globex.channelSecret, body: { userId: "u", message: "x" } })).status).toBe(401);
    expect(await db().message.count({ where: { conversationId } })).toBe(1);
  });
});
