import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { verifyWebhook } from "@/server/webhooks/standard-webhooks";
import { api } from "@/test/api-client";
import { createChatScene } from "@/test/chat-scene";
import { requestsFrom, startReceiver, type Receiver } from "@/test/receiver";

const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;

let bot: Receiver;
let ccsp: Receiver;
let callback: Receiver;

beforeAll(async () => {
  [bot, ccsp, callback] = await Promise.all([startReceiver(), startReceiver(), startReceiver()]);
});
afterAll(async () => {
  await Promise.all([bot.close(), ccsp.close(), callback.close()]);
});

describe("the chat engine, BOT + CCSP, end to end through the public API", () => {
  it("follows the conversation rules of docs/protocol.md at every step", async () => {
    const scene = await createChatScene({ action: "BOT_CCSP", botUrl: bot.url, ccspUrl: ccsp.url, callbackUrl: callback.url });
    bot.reply({ status: 200, body: scene.bot.token }); // OTHERS: the verification token in the body
    ccsp.reply({ status: 200 });
    callback.reply({ status: 204 });
    const customer = (message: string, messageId?: string) =>
      api.channelMessage(scene.asset.id, { token: scene.channelSecret, body: { userId: "cust-1", message, messageId } });
    const botSays = (body: Record<string, unknown>) => api.integrationEvent(scene.bot.id, { token: scene.bot.inboundSecret, body });
    const agentSays = (body: Record<string, unknown>) => api.integrationEvent(scene.ccsp.id, { token: scene.ccsp.inboundSecret, body });

    // 1. The first customer message goes to the bot in a new BOT conversation.
    let botSeen = requestsFrom(bot);
    const first = await customer("hello", "chan-1");
    expect(first.status).toBe(202);
    const botConversation = first.body.conversationId as string;
    const [incoming] = await botSeen.next();
    expect(incoming!.body).toStrictEqual({
      Conversationid: botConversation,
      ConversationType: "BOT",
      Message: "hello",
      MessageType: "text",
      Messageid: first.body.messageId,
      Channel: "HTTP",
      Event: "Incoming message",
      Timestamp: expect.stringMatching(TIMESTAMP),
    });
    expect(incoming!.headers.authorization).toBeUndefined(); // OTHERS: no Bearer token
    expect(incoming!.headers["webhook-id"]).toMatch(/^dlv_/);
    expect(verifyWebhook({ headers: incoming!.headers as Record<string, string>, body: incoming!.rawBody, secret: scene.bot.signingSecret })).toBe(true);

    // 2. The bot answers (1001); the customer's callback gets it.
    let callbackSeen = requestsFrom(callback);
    const reply = await botSays({ eventid: "1001", conversation_id: botConversation, message: "Hi! How can I help?", Messagetype: "text", Timestamp: "2026-11-25 10:00:00.000", quickReplies: "agent|bye" });
    expect(reply.status).toBe(202);
    const [toCustomer] = await callbackSeen.next();
    expect(toCustomer!.body).toMatchObject({ event: "message", conversationId: botConversation, userId: "cust-1", sender: "BOT", message: "Hi! How can I help?", customParams: { quickReplies: "agent|bye" } });
    // Callbacks are signed with the channel's own secret.
    expect(verifyWebhook({ headers: toCustomer!.headers as Record<string, string>, body: toCustomer!.rawBody, secret: scene.callbackSigningSecret })).toBe(true);
    expect(verifyWebhook({ headers: toCustomer!.headers as Record<string, string>, body: toCustomer!.rawBody, secret: scene.bot.signingSecret })).toBe(false);

    // 3. The bot hands over (1002): a CCSP conversation with its own ID.
    botSeen = requestsFrom(bot);
    const ccspSeen = requestsFrom(ccsp);
    const handover = await botSays({ eventid: "1002", conversation_id: botConversation, reason: "asked for a human" });
    expect(handover.status).toBe(202);
    const ccspConversation = handover.body.ccspConversationId as string;
    expect(ccspConversation).toMatch(/^conv_/);
    expect(ccspConversation).not.toBe(botConversation);
    const [handoverEvent] = await ccspSeen.next();
    expect(handoverEvent!.body).toMatchObject({ Conversationid: ccspConversation, ConversationType: "CCSP", Event: "Handover", BotConversationid: botConversation, reason: "asked for a human" });
    expect(handoverEvent!.headers.authorization).toBe(`Bearer ${scene.ccsp.token}`);
    expect((await botSeen.next())[0]!.body).toMatchObject({ Conversationid: botConversation, Event: "Handover accepted" });

    // 4. The next customer message goes to the CCSP, and a copy to the bot marked CCSP.
    botSeen = requestsFrom(bot);
    const ccspSeen2 = requestsFrom(ccsp);
    const during = await customer("I need a person");
    expect(during.status).toBe(202);
    expect(during.body.conversationId).toBe(ccspConversation);
    expect((await ccspSeen2.next())[0]!.body).toMatchObject({ Conversationid: ccspConversation, ConversationType: "CCSP", Message: "I need a person", Event: "Incoming message" });
    expect((await botSeen.next())[0]!.body).toMatchObject({ Conversationid: botConversation, ConversationType: "CCSP", Message: "I need a person", Event: "Incoming message" });

    // 5. The bot may not answer while the CCSP holds the flag.
    const refused = await botSays({ eventid: "1001", conversation_id: botConversation, message: "me again" });
    expect(refused.status).toBe(409);
    expect(refused.body.error?.message).toContain("CCSP agent");

    // 6. The agent answers (CCSP 1001): the customer gets it, the bot a copy.
    callbackSeen = requestsFrom(callback);
    botSeen = requestsFrom(bot);
    const agentReply = await agentSays({ eventid: "1001", conversation_id: ccspConversation, message: "Agent Ann here" });
    expect(agentReply.status).toBe(202);
    expect((await callbackSeen.next())[0]!.body).toMatchObject({ conversationId: ccspConversation, sender: "AGENT", message: "Agent Ann here" });
    expect((await botSeen.next())[0]!.body).toMatchObject({ Conversationid: botConversation, ConversationType: "CCSP", Message: "Agent Ann here", Event: "Agent message" });

    // 7. The agent closes (CCSP 1003): the flag returns to the bot.
    botSeen = requestsFrom(bot);
    expect((await agentSays({ eventid: "1003", conversation_id: ccspConversation })).status).toBe(202);
    expect((await botSeen.next())[0]!.body).toMatchObject({ Conversationid: botConversation, Event: "Conversation closed", CCSPConversationid: ccspConversation });
    expect((await agentSays({ eventid: "1001", conversation_id: ccspConversation, message: "late" })).status).toBe(409);

    // 8. The next customer message goes to the bot with the same BOT conversation ID.
    botSeen = requestsFrom(bot);
    const back = await customer("thanks");
    expect(back.body.conversationId).toBe(botConversation);
    expect((await botSeen.next())[0]!.body).toMatchObject({ Conversationid: botConversation, ConversationType: "BOT", Message: "thanks" });

    // 9. The bot closes (1003); the next message opens a new conversation.
    expect((await botSays({ eventid: "close", conversation_id: botConversation })).status).toBe(202);
    const fresh = await customer("hello again");
    expect(fresh.body.conversationId).toMatch(/^conv_/);
    expect(fresh.body.conversationId).not.toBe(botConversation);

    // Everything was stored: messages in their conversations, every delivery delivered.
    const deliveries = await db().delivery.findMany({ where: { tenantId: scene.tenantId } });
    await expect.poll(async () => (await db().delivery.count({ where: { tenantId: scene.tenantId, state: "DELIVERED" } }))).toBe(deliveries.length);
  });
});
