/**
 * The seed's whole scenario on channel FB, end to end on the real database, with the bot, and a
 * stand-in Graph API on 127.0.0.1 that checks what the real one checks (src/test/graph-api.ts):
 * message → bot, postback → "FB POSTBACK", bot reply → Send API, delivery and read → "Message
 * Delivery" once each, handover → desk → agent reply → Send API, close; Send API down → retries
 * → FAILED → the bot hears "Message Delivery" Failed; refusals and rate limits classified.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db/client";
import { replayDelivery } from "@/server/delivery/replay";
import { embeddedWork } from "@/server/jobs/embedded-work";
import { api } from "@/test/api-client";
import { eventually, runEmbedded } from "@/test/delivery-scene";
import { callerFor, createMember } from "@/test/factories";
import { graphError, startGraphApi, type GraphApi } from "@/test/graph-api";
import { digits, fromCustomer, messengerScene, mid, notification, postWebhook, type MessengerScene } from "@/test/messenger-scene";
import { withOwnDatabase } from "@/test/own-database";
import { requestsFrom, startReceiver, type Receiver } from "@/test/receiver";

withOwnDatabase();

let graph: GraphApi;
let bot: Receiver;
beforeAll(async () => {
  [graph, bot] = await Promise.all([startGraphApi(), startReceiver()]);
  // Read on first use: set before anything reads the environment.
  vi.stubEnv("MESSENGER_GRAPH_API_URL", graph.url);
  vi.stubEnv("DELIVERY_RETRY_SCHEDULE", "1,1,1,1");
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await Promise.all([graph.close(), bot.close()]);
});

let stopRunner: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stopRunner?.();
  stopRunner = undefined;
  graph.failWith(null);
});
function runner() {
  const started = runEmbedded();
  stopRunner = () => started.runner.stop();
}

const scene = (action: "BOT" | "BOT_CCSP" = "BOT_CCSP") => messengerScene({ action, botPlatform: "IMI_BOT", botUrl: bot.url, ccspPlatform: "BUILT_IN" }, graph);

async function customerSays(s: MessengerScene, psid: string, text: string) {
  const seen = requestsFrom(bot);
  const answer = await postWebhook(s.asset.id, notification(s.pageId, [fromCustomer(s.pageId, psid, { message: { mid: mid(), text } })]), { appSecret: s.appSecret });
  expect(answer.status).toBe(200);
  return (await seen.next())[0]!.body;
}

async function botSays(s: MessengerScene, conversationId: string, body: Record<string, unknown>) {
  const answer = await api.integrationEvent(s.bot.id, { token: s.bot.inboundSecret, body: { eventid: "1001", conversation_id: conversationId, ...body } });
  expect(answer.status, JSON.stringify(answer.body)).toBe(202);
  return answer.body.messageId as string;
}

const sentTo = (psid: string) => graph.sent().filter((r) => (r.body.recipient as { id: string }).id === psid);
const deliveryOf = (messageId: string) => db().delivery.findFirstOrThrow({ where: { messageId, channelAssetId: { not: null } }, include: { attemptLog: { orderBy: { number: "asc" } } } });

describe("the seed scenario on Messenger (FB)", () => {
  it("message, postback, bot replies, receipts, handover to the desk, agent reply, close", async () => {
    const s = await scene();
    const psid = digits();

    // 1. The customer writes: the bot gets the seed's Incoming message.
    const incoming = await customerSays(s, psid, "Where is my order?");
    expect(incoming).toMatchObject({ ConversationType: "BOT", Message: "Where is my order?", MessageType: "text", Channel: "FB", Event: "Incoming message" });
    const conversationId = incoming.Conversationid as string;

    // 2. A button tap: FB POSTBACK in the same conversation.
    const seenPostback = requestsFrom(bot);
    await postWebhook(s.asset.id, notification(s.pageId, [fromCustomer(s.pageId, psid, { postback: { mid: mid(), title: "Track", payload: "TRACK_ORDER" } })]), {
      appSecret: s.appSecret,
    });
    expect((await seenPostback.next())[0]!.body).toMatchObject({ Conversationid: conversationId, PostbackPayload: "TRACK_ORDER", Channel: "FB", Event: "FB POSTBACK" });

    // 3. The bot answers with quick replies: a Send API call to the Page, with its token.
    const replyId = await botSays(s, conversationId, { message: "Which order?", quick_replies: JSON.stringify([{ title: "The last one", payload: "LAST" }, "Another"]) });
    const [sent] = await graph.waitFor(() => sentTo(psid).length === 1).then(() => sentTo(psid));
    expect(sent!.pageId).toBe(s.pageId);
    expect(sent!.accessToken).toBe(s.pageAccessToken);
    expect(sent!.body).toStrictEqual({
      recipient: { id: psid },
      messaging_type: "RESPONSE",
      message: {
        text: "Which order?",
        quick_replies: [
          { content_type: "text", title: "The last one", payload: "LAST" },
          { content_type: "text", title: "Another", payload: "Another" },
        ],
        metadata: `switchboard:${replyId}`,
      },
    });
    const delivered = await eventually(() => deliveryOf(replyId), (d) => d.state === "DELIVERED");
    expect(delivered.attemptLog).toHaveLength(1);
    expect(delivered.attemptLog[0]).toMatchObject({ statusCode: 200, error: null });
    expect(delivered.attemptLog[0]!.responseStart).toContain(sent!.answer.message_id as string);
    expect(delivered.attemptLog[0]!.responseStart).not.toContain(s.pageAccessToken);
    const reply = await db().message.findUniqueOrThrow({ where: { id: replyId } });
    expect(reply.channelMessageId).toBe(sent!.answer.message_id);

    // 4. Messenger says delivered (by mid), then read (by watermark): each reaches the bot once.
    const seenReceipts = requestsFrom(bot);
    const delivery = notification(s.pageId, [fromCustomer(s.pageId, psid, { delivery: { mids: [reply.channelMessageId], watermark: Date.now() } })]);
    expect((await postWebhook(s.asset.id, delivery, { appSecret: s.appSecret })).status).toBe(200);
    expect((await postWebhook(s.asset.id, delivery, { appSecret: s.appSecret })).status).toBe(200);
    const read = notification(s.pageId, [fromCustomer(s.pageId, psid, { read: { watermark: Date.now() + 1000 } })]);
    expect((await postWebhook(s.asset.id, read, { appSecret: s.appSecret })).status).toBe(200);
    expect((await postWebhook(s.asset.id, read, { appSecret: s.appSecret })).status).toBe(200);
    const receipts = (await seenReceipts.next(2)).map((r) => r.body);
    expect(receipts).toEqual([
      { Conversationid: conversationId, ConversationType: "BOT", Messageid: replyId, Channel: "FB", Event: "Message Delivery", DeliveryStatus: "Delivered", Timestamp: expect.any(String) },
      { Conversationid: conversationId, ConversationType: "BOT", Messageid: replyId, Channel: "FB", Event: "Message Delivery", DeliveryStatus: "Read", Timestamp: expect.any(String) },
    ]);
    expect(await db().message.count({ where: { channelAssetId: s.asset.id, kind: "RECEIPT" } })).toBe(2);
    // The Page's echo of the platform's own message: nothing new recorded, nothing routed.
    await postWebhook(
      s.asset.id,
      notification(s.pageId, [{ sender: { id: s.pageId }, recipient: { id: psid }, timestamp: Date.now(), message: { mid: reply.channelMessageId, is_echo: true, text: "Which order?", metadata: `switchboard:${replyId}` } }]),
      { appSecret: s.appSecret },
    );
    expect(await db().message.count({ where: { channelAssetId: s.asset.id, kind: "ECHO" } })).toBe(0);

    // 5. Buttons become a button template with postback buttons.
    await botSays(s, conversationId, { message: "Talk to a person?", buttons: JSON.stringify([{ title: "Yes please", payload: "HUMAN" }]) });
    await graph.waitFor(() => sentTo(psid).length === 2);
    expect(sentTo(psid)[1]!.body.message).toMatchObject({
      attachment: { type: "template", payload: { template_type: "button", text: "Talk to a person?", buttons: [{ type: "postback", title: "Yes please", payload: "HUMAN" }] } },
    });

    // 6. Handover to the desk; the customer's next message waits for an agent there.
    const handover = await api.integrationEvent(s.bot.id, { token: s.bot.inboundSecret, body: { eventid: "1002", conversation_id: conversationId, reason: "asked for a person" } });
    expect(handover.status).toBe(202);
    const seenCopy = requestsFrom(bot);
    await postWebhook(s.asset.id, notification(s.pageId, [fromCustomer(s.pageId, psid, { message: { mid: mid(), text: "hello?" } })]), { appSecret: s.appSecret });
    const copies = await seenCopy.next(2);
    expect(copies.map((r) => r.body.Event)).toContain("Handover accepted");
    const ccsp = await db().conversation.findFirstOrThrow({ where: { channelAssetId: s.asset.id, kind: "CCSP", status: "OPEN" } });
    const agent = await createMember(s.tenantId, "AGENT");
    const { caller } = await callerFor(agent.userId, s.tenantId);
    expect((await caller.desk.queue()).waiting.map((c) => c.id)).toContain(ccsp.id);
    await caller.desk.accept({ conversationId: ccsp.id });

    // The agent's typing shows as the Page's typing bubble.
    await caller.desk.typing({ conversationId: ccsp.id, typing: true });
    await graph.waitFor((all) => all.some((r) => r.body.sender_action === "typing_on" && (r.body.recipient as { id: string }).id === psid));

    // 7. The agent answers from the desk: the customer gets it on Messenger, the bot a copy.
    const seenAgentCopy = requestsFrom(bot);
    const agentReply = await caller.desk.reply({ conversationId: ccsp.id, message: "Hi, Ann here. Let me look." });
    await graph.waitFor(() => sentTo(psid).length === 3);
    expect(sentTo(psid)[2]!.body).toStrictEqual({
      recipient: { id: psid },
      messaging_type: "RESPONSE",
      message: { text: "Hi, Ann here. Let me look.", metadata: `switchboard:${agentReply.messageId}` },
    });
    expect((await seenAgentCopy.next())[0]!.body).toMatchObject({ Conversationid: conversationId, ConversationType: "CCSP", Event: "Agent message" });
    await eventually(() => deliveryOf(agentReply.messageId), (d) => d.state === "DELIVERED");

    // 8. The agent closes: the bot hears it, and has the flag again.
    const seenClose = requestsFrom(bot);
    await caller.desk.close({ conversationId: ccsp.id });
    expect((await seenClose.next())[0]!.body).toMatchObject({ Conversationid: conversationId, Event: "Conversation closed" });
    const back = await customerSays(s, psid, "thanks!");
    expect(back).toMatchObject({ Conversationid: conversationId, ConversationType: "BOT", Message: "thanks!" });

    // The bot's typing is shown on Messenger (best effort, no delivery).
    await api.integrationEvent(s.bot.id, { token: s.bot.inboundSecret, body: { eventid: "1004", conversation_id: conversationId, typing: "off" } });
    await graph.waitFor((all) => all.some((r) => r.body.sender_action === "typing_off" && (r.body.recipient as { id: string }).id === psid));
  });

  it("retries while the Send API is down, then FAILED, and the bot gets Message Delivery Failed saying why", async () => {
    const s = await scene("BOT");
    const psid = digits();
    const conversationId = (await customerSays(s, psid, "hi")).Conversationid as string;
    graph.failWith(() => ({ status: 503, body: { error: { message: "(#2) Service temporarily unavailable", type: "OAuthException", code: 2, fbtrace_id: "x" } } }));
    runner();
    const seenFailed = requestsFrom(bot);
    const replyId = await botSays(s, conversationId, { message: "Hello from the bot" });
    const failed = await eventually(() => deliveryOf(replyId), (d) => d.state === "FAILED", 30_000);
    expect(failed.attemptLog).toHaveLength(5);
    expect(failed.attemptLog.every((a) => a.statusCode === 503 && a.error?.includes("code 2"))).toBe(true);
    const [notice] = await seenFailed.next();
    expect(notice!.body).toStrictEqual({
      Conversationid: conversationId,
      ConversationType: "BOT",
      Messageid: replyId,
      Channel: "FB",
      Event: "Message Delivery",
      DeliveryStatus: "Failed",
      Description: expect.stringMatching(/temporarily unavailable.*tried 5 times/),
      Timestamp: expect.any(String),
    });
  });

  it("fails a permanent refusal at once (outside the 24-hour window), and retries a rate limit", async () => {
    const s = await scene("BOT");
    const psid = digits();
    const conversationId = (await customerSays(s, psid, "hi")).Conversationid as string;
    graph.failWith((request) =>
      (request.body.message as { text?: string } | undefined)?.text === "late"
        ? graphError(400, 10, "(#10) This message is sent outside of allowed window.", 2018278)
        : null,
    );
    const seenFailed = requestsFrom(bot);
    const lateId = await botSays(s, conversationId, { message: "late" });
    const refused = await eventually(() => deliveryOf(lateId), (d) => d.state === "FAILED");
    expect(refused.attemptLog).toHaveLength(1);
    expect(refused.lastError).toContain("subcode 2018278");
    const [notice] = await seenFailed.next();
    expect(notice!.body).toMatchObject({ Messageid: lateId, DeliveryStatus: "Failed", Description: expect.stringContaining("outside the 24-hour messaging window") });

    // An admin replays it once the customer wrote again: the same Send API request, delivered.
    graph.failWith(null);
    const replayed = await replayDelivery(db(), { userId: s.ownerId, tenantId: s.tenantId, role: "ADMIN" }, refused.id, embeddedWork(db()));
    expect(replayed.outcome).toBe("DELIVERED");
    expect(sentTo(psid).at(-1)!.body).toStrictEqual(refused.payload);
    expect((await deliveryOf(lateId)).attemptLog.map((a) => a.statusCode)).toEqual([400, 200]);

    // The next message of the conversation is not held up by the FAILED one.
    let limited = 0;
    graph.failWith(() => (limited++ === 0 ? graphError(400, 613, "Calls to this api have exceeded the rate limit.") : null));
    runner();
    const retriedId = await botSays(s, conversationId, { message: "try again" });
    const retried = await eventually(() => deliveryOf(retriedId), (d) => d.state === "DELIVERED", 20_000);
    expect(retried.attemptLog.map((a) => a.statusCode)).toEqual([400, 200]);
    expect(retried.attemptLog[0]!.error).toContain("code 613");
  });

  it("never records the Page access token, even when the Graph API quotes it back", async () => {
    const s = await scene("BOT");
    const psid = digits();
    const conversationId = (await customerSays(s, psid, "hi")).Conversationid as string;
    graph.failWith(() => graphError(400, 190, `Invalid OAuth access token - Cannot parse access token: ${s.pageAccessToken}`));
    const seenFailed = requestsFrom(bot);
    const replyId = await botSays(s, conversationId, { message: "hello" });
    const failed = await eventually(() => deliveryOf(replyId), (d) => d.state === "FAILED");
    const recorded = JSON.stringify([failed.lastError, failed.attemptLog]);
    expect(recorded).toContain("code 190");
    expect(recorded).toContain("[redacted]");
    expect(recorded).not.toContain(s.pageAccessToken);
    const [notice] = await seenFailed.next();
    expect(notice!.body.Description).toContain("Page access token is invalid");
    expect(JSON.stringify(notice!.body)).not.toContain(s.pageAccessToken);
  });

  it("refuses a bot's bad quick replies with a 400 naming the field, writing nothing", async () => {
    const s = await scene("BOT");
    const psid = digits();
    const conversationId = (await customerSays(s, psid, "hi")).Conversationid as string;
    const before = await db().message.count({ where: { conversationId } });
    for (const [field, value] of [
      ["quick_replies", "not json"],
      ["quick_replies", JSON.stringify(Array.from({ length: 14 }, (_, i) => `o${i}`))],
      ["buttons", JSON.stringify([{ title: "a title longer than twenty", payload: "X" }])],
    ]) {
      const answer = await api.integrationEvent(s.bot.id, { token: s.bot.inboundSecret, body: { eventid: "1001", conversation_id: conversationId, message: "m", [field!]: value } });
      expect(answer.status).toBe(400);
      expect(answer.body.error?.field).toBe(field);
    }
    const long = await api.integrationEvent(s.bot.id, { token: s.bot.inboundSecret, body: { eventid: "1001", conversation_id: conversationId, message: "x".repeat(2001) } });
    expect(long.status).toBe(400);
    expect(await db().message.count({ where: { conversationId } })).toBe(before);
  });
});
