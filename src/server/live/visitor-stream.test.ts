/**
 * The web chat visitor's live stream, end to end over real HTTP: two app processes (route
 * servers, each with its own pool and listening connection) on the test database, a stand-in bot
 * on 127.0.0.1 that receives the customer's messages, and the bot's replies through the generated
 * webhook. Nothing here polls: every message a test sees came through a stream.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createChatScene } from "@/test/chat-scene";
import { callerFor, createMember } from "@/test/factories";
import { startReceiver, requestsFrom, type Receiver } from "@/test/receiver";
import { startRouteProcess, type RouteProcess } from "@/test/route-process";
import { openSse, type SseConnection } from "@/test/sse-client";

let bot: Receiver;
let one: RouteProcess;
let two: RouteProcess;
const open: SseConnection[] = [];

beforeAll(async () => {
  [bot, one, two] = await Promise.all([startReceiver(), startRouteProcess(), startRouteProcess()]);
  bot.reply({ status: 200 });
});
afterAll(async () => {
  for (const stream of open) stream.close();
  await Promise.all([bot?.close(), one?.stop(), two?.stop()]);
});

type Row = { id: string; sender: string; kind: string; text: string | null; conversationId: string | null };

async function webChat() {
  // IMI BOT: any 2xx is delivered, so one stand-in bot serves every scene.
  return createChatScene({ action: "BOT_CCSP", channel: "WEB_CHAT", botPlatform: "IMI_BOT", botUrl: bot.url, ccspPlatform: "BUILT_IN" });
}

async function post(base: string, path: string, body: unknown, token: string) {
  const response = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function newVisitor(base: string, assetId: string) {
  const response = await fetch(`${base}/api/v1/channels/${assetId}/visitors`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  expect(response.status).toBe(201);
  return (await response.json()) as { visitorId: string; token: string };
}

async function stream(base: string, assetId: string, token: string, query = "", headers: Record<string, string> = {}) {
  const connection = await openSse(`${base}/api/v1/channels/${assetId}/messages/stream?access_token=${encodeURIComponent(token)}${query}`, headers);
  open.push(connection);
  return connection;
}

/** The customer writes on `via`; the stand-in bot gets it; the bot answers through `via`'s webhook. */
async function customerAndBotReply(via: string, scene: Awaited<ReturnType<typeof webChat>>, visitor: { visitorId: string; token: string }, text: string) {
  const seen = requestsFrom(bot);
  const sent = await post(via, `/api/v1/channels/${scene.asset.id}/messages`, { userId: visitor.visitorId, message: text }, visitor.token);
  expect(sent.status).toBe(202);
  const [incoming] = await seen.next();
  const reply = await post(
    via,
    `/api/v1/integrations/${scene.bot.id}/events`,
    { eventid: "1001", conversation_id: incoming!.body.Conversationid, message: `You said: ${text}` },
    scene.bot.inboundSecret,
  );
  expect(reply.status).toBe(202);
  return { customerMessageId: sent.body.messageId as string, replyId: reply.body.messageId as string, conversationId: incoming!.body.Conversationid as string };
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

const messages = (connection: SseConnection) => connection.events.filter((e) => e.event === "message");

describe("visitor message stream", () => {
  it("streams the bot's reply as exactly the row GET /messages lists, with SSE headers that pass next start's compression", async () => {
    const scene = await webChat();
    const visitor = await newVisitor(one.url, scene.asset.id);
    const live = await stream(one.url, scene.asset.id, visitor.token);
    expect(live.status).toBe(200);
    expect(live.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(live.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(live.headers.get("x-accel-buffering")).toBe("no");
    await live.waitFor((e) => e.event === "ready");
    expect(live.comments).toContain("connected");

    const { customerMessageId, replyId } = await customerAndBotReply(one.url, scene, visitor, "hello");
    const reply = await live.waitFor((e) => e.event === "message" && e.id === replyId);
    expect(reply.data).toMatchObject({ sender: "BOT", kind: "MESSAGE", text: "You said: hello" });
    const stored = await db().message.findUniqueOrThrow({ where: { id: replyId }, select: { createdAt: true } });
    expect((reply.data as Row & { createdAt: string }).createdAt).toBe(stored.createdAt.toISOString());

    const listed = await fetch(`${one.url}/api/v1/channels/${scene.asset.id}/messages`, { headers: { authorization: `Bearer ${visitor.token}` } });
    const rows = ((await listed.json()) as { messages: Row[] }).messages;
    expect(messages(live).map((e) => e.data)).toEqual(rows);
    expect(messages(live).map((e) => e.id)).toEqual([customerMessageId, replyId]);
  });

  it("resumes from Last-Event-ID (or ?after=) with what it missed, and nothing twice", async () => {
    const scene = await webChat();
    const visitor = await newVisitor(one.url, scene.asset.id);
    const first = await stream(one.url, scene.asset.id, visitor.token);
    await first.waitFor((e) => e.event === "ready");
    const hello = await customerAndBotReply(one.url, scene, visitor, "hello");
    await first.waitFor((e) => e.id === hello.replyId);
    first.close();

    // While the visitor is away: two more exchanges.
    const missed = [await customerAndBotReply(one.url, scene, visitor, "one"), await customerAndBotReply(one.url, scene, visitor, "two")];
    const missedIds = missed.flatMap((m) => [m.customerMessageId, m.replyId]);

    const resumed = await stream(one.url, scene.asset.id, visitor.token, "", { "last-event-id": hello.replyId });
    await resumed.waitFor((e) => e.event === "ready");
    expect(messages(resumed).map((e) => e.id)).toEqual(missedIds);
    // Live again after the catch-up, still without repeats.
    const three = await customerAndBotReply(one.url, scene, visitor, "three");
    await resumed.waitFor((e) => e.id === three.replyId);
    expect(messages(resumed).map((e) => e.id)).toEqual([...missedIds, three.customerMessageId, three.replyId]);

    // ?after= does the same for a page that starts a stream from what it already shows.
    const fromQuery = await stream(one.url, scene.asset.id, visitor.token, `&after=${missed[1]!.customerMessageId}`);
    await fromQuery.waitFor((e) => e.event === "ready");
    expect(messages(fromQuery).map((e) => e.id)).toEqual([missed[1]!.replyId, three.customerMessageId, three.replyId]);
    // The browser's own Last-Event-ID wins over the URL it reconnects with.
    const both = await stream(one.url, scene.asset.id, visitor.token, `&after=${hello.customerMessageId}`, { "last-event-id": three.customerMessageId });
    await both.waitFor((e) => e.event === "ready");
    expect(messages(both).map((e) => e.id)).toEqual([three.replyId]);
  });

  it("follows the visitor from the bot's conversation to the desk's and back, missing nothing", async () => {
    const scene = await webChat();
    const visitor = await newVisitor(one.url, scene.asset.id);
    const live = await stream(two.url, scene.asset.id, visitor.token);
    await live.waitFor((e) => e.event === "ready");
    const { conversationId } = await customerAndBotReply(one.url, scene, visitor, "hello");
    const handover = await post(one.url, `/api/v1/integrations/${scene.bot.id}/events`, { eventid: "1002", conversation_id: conversationId, reason: "asked" }, scene.bot.inboundSecret);
    const ccspConversationId = handover.body.ccspConversationId as string;
    const during = await post(one.url, `/api/v1/channels/${scene.asset.id}/messages`, { userId: visitor.visitorId, message: "to the agent" }, visitor.token);
    expect(during.body.conversationId).toBe(ccspConversationId);
    const agent = await createMember(scene.tenantId, "AGENT");
    const { caller } = await callerFor(agent.userId, scene.tenantId);
    await caller.desk.accept({ conversationId: ccspConversationId });
    await caller.desk.reply({ conversationId: ccspConversationId, message: "agent here" });
    await caller.desk.close({ conversationId: ccspConversationId });
    const back = await customerAndBotReply(one.url, scene, visitor, "back to the bot");
    await live.waitFor((e) => e.id === back.replyId);

    const listed = await fetch(`${one.url}/api/v1/channels/${scene.asset.id}/messages`, { headers: { authorization: `Bearer ${visitor.token}` } });
    const rows = ((await listed.json()) as { messages: Row[] }).messages;
    // The desk's accept shows as "… joined" (AGENT_JOINED), sent live like every other row.
    expect(rows.map((r) => r.kind)).toEqual(["MESSAGE", "MESSAGE", "HANDOVER", "MESSAGE", "AGENT_JOINED", "MESSAGE", "CLOSE", "MESSAGE", "MESSAGE"]);
    expect(messages(live).map((e) => e.data)).toEqual(rows);
  });

  it("reaches a visitor whose stream is held by another process than the one that accepted the message", async () => {
    const scene = await webChat();
    const visitor = await newVisitor(one.url, scene.asset.id);
    const onTwo = await stream(two.url, scene.asset.id, visitor.token);
    await onTwo.waitFor((e) => e.event === "ready");

    // The customer's own message (the one-statement accept notifies as it writes) arrives before any reply.
    const seen = requestsFrom(bot);
    const sent = await post(one.url, `/api/v1/channels/${scene.asset.id}/messages`, { userId: visitor.visitorId, message: "across processes" }, visitor.token);
    const own = await onTwo.waitFor((e) => e.id === sent.body.messageId, 3_000);
    expect(own.data).toMatchObject({ sender: "CUSTOMER", text: "across processes" });
    const [incoming] = await seen.next();
    const reply = await post(one.url, `/api/v1/integrations/${scene.bot.id}/events`, { eventid: "1001", conversation_id: incoming!.body.Conversationid, message: "hi" }, scene.bot.inboundSecret);
    await onTwo.waitFor((e) => e.id === reply.body.messageId, 3_000);
    expect(messages(onTwo).map((e) => e.id)).toEqual([sent.body.messageId, reply.body.messageId]);
  });

  it("carries typing from the bot, and never the visitor's own", async () => {
    const scene = await webChat();
    const visitor = await newVisitor(one.url, scene.asset.id);
    const live = await stream(two.url, scene.asset.id, visitor.token);
    await live.waitFor((e) => e.event === "ready");
    const { conversationId } = await customerAndBotReply(one.url, scene, visitor, "hi");

    expect((await post(one.url, `/api/v1/channels/${scene.asset.id}/typing`, { typing: true }, visitor.token)).status).toBe(202);
    const typing = await post(one.url, `/api/v1/integrations/${scene.bot.id}/events`, { eventid: "1004", conversation_id: conversationId }, scene.bot.inboundSecret);
    expect(typing).toEqual({ status: 202, body: { conversationId } });
    const on = await live.waitFor((e) => e.event === "typing");
    expect(on.data).toEqual({ from: "BOT", typing: true, conversationId });
    await post(one.url, `/api/v1/integrations/${scene.bot.id}/events`, { eventid: "typing", conversation_id: conversationId, typing: "off" }, scene.bot.inboundSecret);
    await live.waitFor((e) => e.event === "typing" && (e.data as { typing: boolean }).typing === false);
    expect(live.events.filter((e) => e.event === "typing").map((e) => (e.data as { from: string }).from)).toEqual(["BOT", "BOT"]);

    const bad = await post(one.url, `/api/v1/integrations/${scene.bot.id}/events`, { eventid: "1004", conversation_id: conversationId, typing: "maybe" }, scene.bot.inboundSecret);
    expect(bad).toMatchObject({ status: 400, body: { error: { code: "INVALID_FIELD", field: "typing" } } });
    const unknown = await post(one.url, `/api/v1/integrations/${scene.bot.id}/events`, { eventid: "1004", conversation_id: "conv_nope" }, scene.bot.inboundSecret);
    expect(unknown.status).toBe(404);
    const badVisitorTyping = await post(one.url, `/api/v1/channels/${scene.asset.id}/typing`, { typing: "yes" }, visitor.token);
    expect(badVisitorTyping).toMatchObject({ status: 400, body: { error: { field: "typing" } } });
  });

  it("refuses another visitor's, another channel's and another tenant's conversations, and bad input, with JSON errors", async () => {
    const scene = await webChat();
    const other = await webChat();
    const alice = await newVisitor(one.url, scene.asset.id);
    const bob = await newVisitor(one.url, scene.asset.id);
    const bobs = await customerAndBotReply(one.url, scene, bob, "bob's secret");

    const refused = async (assetId: string, token: string | null, query = "", headers: Record<string, string> = {}) => {
      const connection = await openSse(
        `${one.url}/api/v1/channels/${assetId}/messages/stream?${token ? `access_token=${encodeURIComponent(token)}` : ""}${query}`,
        headers,
      );
      connection.close();
      return { status: connection.status, error: (connection.refusal as { error?: { code: string; field?: string } } | null)?.error };
    };
    // Alice names Bob: 403. Alice resumes from Bob's message: 404 (it is not in her conversation).
    expect(await refused(scene.asset.id, alice.token, `&userId=${bob.visitorId}`)).toMatchObject({ status: 403, error: { code: "FORBIDDEN", field: "userId" } });
    expect(await refused(scene.asset.id, alice.token, "", { "last-event-id": bobs.replyId })).toMatchObject({ status: 404, error: { field: "Last-Event-ID" } });
    expect(await refused(scene.asset.id, alice.token, `&after=${bobs.replyId}`)).toMatchObject({ status: 404, error: { field: "after" } });
    // Her token is worthless on another tenant's channel; an unknown channel is 404.
    expect(await refused(other.asset.id, alice.token)).toMatchObject({ status: 401, error: { code: "UNAUTHORIZED" } });
    expect(await refused("chan_nope", alice.token)).toMatchObject({ status: 404, error: { field: "assetId" } });
    expect(await refused(scene.asset.id, null)).toMatchObject({ status: 401, error: { field: "authorization" } });
    expect(await refused(scene.asset.id, "v1.visitor_forged.c2ln")).toMatchObject({ status: 401 });
    expect(await refused(scene.asset.id, alice.token, `&after=${"x".repeat(300)}`)).toMatchObject({ status: 400, error: { field: "after" } });

    // An HTTP channel's provider has no visitor stream.
    const http = await createChatScene({ action: "BOT", channel: "HTTP", botPlatform: "IMI_BOT", botUrl: bot.url });
    expect(await refused(http.asset.id, http.channelSecret)).toMatchObject({ status: 403, error: { code: "FORBIDDEN" } });

    // And Alice's own stream never carries Bob's messages.
    const hers = await stream(one.url, scene.asset.id, alice.token);
    await hers.waitFor((e) => e.event === "ready");
    const more = await customerAndBotReply(one.url, scene, bob, "bob again");
    const mine = await customerAndBotReply(one.url, scene, alice, "alice here");
    await hers.waitFor((e) => e.id === mine.replyId);
    expect(messages(hers).map((e) => e.id)).toEqual([mine.customerMessageId, mine.replyId]);
    expect(hers.events.some((e) => e.id === more.replyId)).toBe(false);
  });

  it("limits open streams per visitor and per IP address with a JSON 429, and frees a slot when a stream closes", async () => {
    const limited = await startRouteProcess({ LIVE_STREAMS_PER_VISITOR: "2", LIVE_STREAMS_PER_IP: "3" });
    try {
      const scene = await webChat();
      const alice = await newVisitor(limited.url, scene.asset.id);
      const bob = await newVisitor(limited.url, scene.asset.id);
      const first = await stream(limited.url, scene.asset.id, alice.token);
      await stream(limited.url, scene.asset.id, alice.token);
      const third = await stream(limited.url, scene.asset.id, alice.token);
      expect(third.status).toBe(429);
      expect(third.headers.get("retry-after")).toBe("30");
      expect(third.refusal).toEqual({ error: { code: "TOO_MANY_STREAMS", message: expect.stringContaining("per visitor"), field: "access_token" } });

      await stream(limited.url, scene.asset.id, bob.token);
      const fromSameAddress = await stream(limited.url, scene.asset.id, bob.token);
      expect(fromSameAddress.status).toBe(429);
      expect(fromSameAddress.refusal).toMatchObject({ error: { code: "TOO_MANY_STREAMS", field: "ip" } });

      first.close();
      await waitUntil(async () => {
        const retry = await stream(limited.url, scene.asset.id, bob.token);
        retry.close();
        return retry.status === 200;
      });
    } finally {
      await limited.stop();
    }
  });

  it("signs every visitor of a web chat out: their streams end, their tokens are refused everywhere, new visitors are welcome", async () => {
    const scene = await webChat();
    const other = await webChat();
    const alice = await newVisitor(one.url, scene.asset.id);
    const elsewhere = await newVisitor(one.url, other.asset.id);
    // Both processes hold the channel in memory, having taken a message on it.
    await customerAndBotReply(one.url, scene, alice, "before");
    await customerAndBotReply(two.url, scene, alice, "before, too");
    const live = await stream(two.url, scene.asset.id, alice.token);
    await live.waitFor((e) => e.event === "ready");
    const otherLive = await stream(two.url, other.asset.id, elsewhere.token);
    await otherLive.waitFor((e) => e.event === "ready");

    const agent = await createMember(scene.tenantId, "AGENT");
    await expect((await callerFor(agent.userId, scene.tenantId)).caller.channel.signOutVisitors({ id: scene.asset.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const stranger = await createMember(other.tenantId, "ADMIN");
    await expect((await callerFor(stranger.userId, other.tenantId)).caller.channel.signOutVisitors({ id: scene.asset.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const admin = await createMember(scene.tenantId, "ADMIN");
    const { caller } = await callerFor(admin.userId, scene.tenantId);
    const { signedOutAt } = await caller.channel.signOutVisitors({ id: scene.asset.id });
    expect((await caller.channel.get({ id: scene.asset.id })).visitorsSignedOutAt).toEqual(signedOutAt);

    await live.waitFor((e) => e.event === "signed-out", 3_000);
    await live.ended;
    for (const via of [one.url, two.url]) {
      const sent = await post(via, `/api/v1/channels/${scene.asset.id}/messages`, { userId: alice.visitorId, message: "still here?" }, alice.token);
      expect(sent).toMatchObject({ status: 401, body: { error: { code: "UNAUTHORIZED" } } });
      const read = await fetch(`${via}/api/v1/channels/${scene.asset.id}/messages?userId=${alice.visitorId}`, { headers: { authorization: `Bearer ${alice.token}` } });
      expect(read.status).toBe(401);
      const again = await openSse(`${via}/api/v1/channels/${scene.asset.id}/messages/stream?access_token=${encodeURIComponent(alice.token)}`);
      expect(again.status).toBe(401);
    }
    const texts = await db().message.findMany({ where: { channelAssetId: scene.asset.id, text: "still here?" } });
    expect(texts).toEqual([]);

    // The other channel's visitors did not notice; a new visitor of this one starts afresh.
    expect(otherLive.events.some((e) => e.event === "signed-out")).toBe(false);
    const sentElsewhere = await post(two.url, `/api/v1/channels/${other.asset.id}/messages`, { userId: elsewhere.visitorId, message: "fine" }, elsewhere.token);
    expect(sentElsewhere.status).toBe(202);
    const bob = await newVisitor(two.url, scene.asset.id);
    await customerAndBotReply(one.url, scene, bob, "hello again");
  });

  it("ends the streams of a deleted channel, and a new one is refused", async () => {
    const scene = await webChat();
    const visitor = await newVisitor(one.url, scene.asset.id);
    const live = await stream(two.url, scene.asset.id, visitor.token);
    await live.waitFor((e) => e.event === "ready");

    await db().rule.deleteMany({ where: { channelAssetId: scene.asset.id } });
    const { deleteChannelAsset } = await import("@/server/channels/delete");
    await deleteChannelAsset(db(), { userId: scene.ownerId, tenantId: scene.tenantId, role: "OWNER" }, scene.asset.id);

    await live.waitFor((e) => e.event === "gone", 3_000);
    await live.ended;
    const again = await openSse(`${two.url}/api/v1/channels/${scene.asset.id}/messages/stream?access_token=${encodeURIComponent(visitor.token)}`);
    expect(again.status).toBe(404);
  });
});
