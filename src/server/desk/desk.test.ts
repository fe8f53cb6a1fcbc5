import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { api } from "@/test/api-client";
import { createChatScene } from "@/test/chat-scene";
import { callerFor, createMember, createOwner } from "@/test/factories";
import { requestsFrom, startReceiver, type Receiver } from "@/test/receiver";
import type { TRPCError } from "@trpc/server";
import { trpcError } from "@/test/trpc-errors";

let bot: Receiver;
let ccsp: Receiver;
let callback: Receiver;

beforeAll(async () => {
  [bot, ccsp, callback] = await Promise.all([startReceiver(), startReceiver(), startReceiver()]);
});
afterAll(async () => {
  await Promise.all([bot.close(), ccsp.close(), callback.close()]);
});



/** A tenant with BOT + built-in desk, and a customer the bot has handed over. */
async function handedOver(userId = "cust-1", reason = "asked for a human") {
  const scene = await createChatScene({ action: "BOT_CCSP", botUrl: bot.url, ccspPlatform: "BUILT_IN", callbackUrl: callback.url });
  bot.reply({ status: 200, body: scene.bot.token });
  callback.reply({ status: 204 });
  const customer = (message: string) => api.channelMessage(scene.asset.id, { token: scene.channelSecret, body: { userId, message } });
  const hello = await customer("hello, I need help with my order");
  expect(hello.status).toBe(202);
  const botConversationId = hello.body.conversationId as string;
  const botReply = await api.integrationEvent(scene.bot.id, {
    token: scene.bot.inboundSecret,
    body: { eventid: "1001", conversation_id: botConversationId, message: "Let me find someone for you" },
  });
  expect(botReply.status).toBe(202);
  const handover = await api.integrationEvent(scene.bot.id, {
    token: scene.bot.inboundSecret,
    body: { eventid: "1002", conversation_id: botConversationId, reason },
  });
  expect(handover.status).toBe(202);
  return { scene, customer, botConversationId, ccspConversationId: handover.body.ccspConversationId as string };
}

describe("the built-in agent desk", () => {
  it("queues a handed-over conversation with the reason and the bot's part of the transcript", async () => {
    const { scene, customer, botConversationId, ccspConversationId } = await handedOver("cust-queue", "wants a refund");
    const agent = await createMember(scene.tenantId, "AGENT");
    const { caller } = await callerFor(agent.userId, scene.tenantId);

    let queue = await caller.desk.queue();
    expect(queue.desks.map((d) => d.id)).toEqual([scene.ccsp.id]);
    expect(queue.mine).toEqual([]);
    expect(queue.waiting).toHaveLength(1);
    expect(queue.waiting[0]).toMatchObject({
      id: ccspConversationId,
      channelUserId: "cust-queue",
      handoverReason: "wants a refund",
      assignee: null,
      awaitingReply: true,
      channel: { id: scene.asset.id },
      serviceName: scene.service.name,
    });

    // While the desk holds the flag, the customer's messages land in the desk conversation.
    const during = await customer("is anyone there?");
    expect(during.body.conversationId).toBe(ccspConversationId);
    queue = await caller.desk.queue();
    expect(queue.waiting[0]!.lastMessage).toMatchObject({ sender: "CUSTOMER", text: "is anyone there?" });

    const conversation = await caller.desk.get({ conversationId: ccspConversationId });
    expect(conversation).toMatchObject({ status: "OPEN", botConversationId, handoverReason: "wants a refund", can: { accept: true, reply: false } });
    expect(conversation.transcript.map((t) => [t.part, t.sender, t.kind, t.text])).toEqual([
      ["BOT", "CUSTOMER", "MESSAGE", "hello, I need help with my order"],
      ["BOT", "BOT", "MESSAGE", "Let me find someone for you"],
      ["BOT", "BOT", "HANDOVER", "wants a refund"],
      ["DESK", "CUSTOMER", "MESSAGE", "is anyone there?"],
    ]);
  });

  it("lets exactly one of several agents accepting at once win", async () => {
    const { scene, ccspConversationId } = await handedOver("cust-race");
    const agents = await Promise.all([1, 2, 3, 4, 5].map(() => createMember(scene.tenantId, "AGENT")));
    const callers = await Promise.all(agents.map(async (a) => (await callerFor(a.userId, scene.tenantId)).caller));

    const results = await Promise.allSettled(callers.map((c) => c.desk.accept({ conversationId: ccspConversationId })));
    const won = results.flatMap((r, i) => (r.status === "fulfilled" ? [i] : []));
    expect(won).toHaveLength(1);
    const winner = agents[won[0]!]!;
    for (const r of results) {
      if (r.status === "rejected") {
        expect((r.reason as TRPCError).code).toBe("CONFLICT");
        expect((r.reason as TRPCError).message).toContain("has already accepted this conversation");
      }
    }
    const row = await db().conversation.findUniqueOrThrow({ where: { id: ccspConversationId } });
    expect(row.assignedAgentId).toBe(winner.userId);
    expect(row.acceptedAt).toBeInstanceOf(Date);

    // The winner sees it under "mine", the others under "others"; accepting again is harmless.
    const winnerCaller = callers[won[0]!]!;
    expect((await winnerCaller.desk.queue()).mine.map((c) => c.id)).toEqual([ccspConversationId]);
    await expect(winnerCaller.desk.accept({ conversationId: ccspConversationId })).resolves.toMatchObject({ assignedAgentId: winner.userId });
    const loser = callers[won[0] === 0 ? 1 : 0]!;
    const loserQueue = await loser.desk.queue();
    expect(loserQueue.waiting).toEqual([]);
    expect(loserQueue.others[0]).toMatchObject({ id: ccspConversationId, assignee: { id: winner.userId } });
  });

  it("sends the agent's reply to the customer's channel and a copy to the bot; closing returns the customer to the bot", async () => {
    const { scene, customer, botConversationId, ccspConversationId } = await handedOver("cust-reply");
    const agent = await createMember(scene.tenantId, "AGENT");
    const other = await createMember(scene.tenantId, "AGENT");
    const { caller } = await callerFor(agent.userId, scene.tenantId);
    const { caller: otherCaller } = await callerFor(other.userId, scene.tenantId);

    // Nobody answers or closes before accepting.
    expect((await trpcError(caller.desk.reply({ conversationId: ccspConversationId, message: "hi" }))).code).toBe("CONFLICT");
    expect((await trpcError(caller.desk.close({ conversationId: ccspConversationId }))).code).toBe("CONFLICT");
    await caller.desk.accept({ conversationId: ccspConversationId });
    expect((await caller.desk.get({ conversationId: ccspConversationId })).can).toEqual({ accept: false, reply: true, close: true });

    // Another agent may read it, not answer it.
    expect((await trpcError(otherCaller.desk.reply({ conversationId: ccspConversationId, message: "me too" }))).code).toBe("FORBIDDEN");
    expect((await otherCaller.desk.get({ conversationId: ccspConversationId })).can).toEqual({ accept: false, reply: false, close: false });

    const channelSeen = requestsFrom(callback);
    const botSeen = requestsFrom(bot);
    const reply = await caller.desk.reply({ conversationId: ccspConversationId, message: "  Agent Ann here, how can I help?  " });
    expect(reply.conversationId).toBe(ccspConversationId);
    expect((await channelSeen.next())[0]!.body).toMatchObject({
      event: "message",
      conversationId: ccspConversationId,
      userId: "cust-reply",
      sender: "AGENT",
      message: "Agent Ann here, how can I help?",
    });
    expect((await botSeen.next())[0]!.body).toMatchObject({
      Conversationid: botConversationId,
      ConversationType: "CCSP",
      Message: "Agent Ann here, how can I help?",
      Event: "Agent message",
    });
    const stored = await db().message.findUniqueOrThrow({ where: { id: reply.messageId } });
    expect(stored).toMatchObject({ conversationId: ccspConversationId, sender: "AGENT", kind: "MESSAGE" });
    const queued = (await caller.desk.queue()).mine[0]!;
    expect(queued).toMatchObject({ id: ccspConversationId, awaitingReply: false, lastMessage: { sender: "AGENT" } });

    expect((await trpcError(otherCaller.desk.close({ conversationId: ccspConversationId }))).code).toBe("FORBIDDEN");
    const closedSeen = requestsFrom(bot);
    await caller.desk.close({ conversationId: ccspConversationId });
    expect((await closedSeen.next())[0]!.body).toMatchObject({
      Conversationid: botConversationId,
      Event: "Conversation closed",
      CCSPConversationid: ccspConversationId,
    });
    expect((await caller.desk.queue()).mine).toEqual([]);
    expect((await trpcError(caller.desk.reply({ conversationId: ccspConversationId, message: "late" }))).code).toBe("CONFLICT");
    expect((await trpcError(caller.desk.close({ conversationId: ccspConversationId }))).code).toBe("CONFLICT");
    expect((await trpcError(otherCaller.desk.accept({ conversationId: ccspConversationId }))).code).toBe("CONFLICT");

    // The flag is back with the bot: the next message goes to the same BOT conversation, as BOT.
    const backSeen = requestsFrom(bot);
    const back = await customer("thanks, bye");
    expect(back.body.conversationId).toBe(botConversationId);
    expect((await backSeen.next())[0]!.body).toMatchObject({ Conversationid: botConversationId, ConversationType: "BOT", Message: "thanks, bye" });
    const botConversation = await db().conversation.findUniqueOrThrow({ where: { id: botConversationId } });
    expect(botConversation).toMatchObject({ status: "OPEN", activeCcspConversationId: null });
  });

  it("records which agent wrote each reply and who closed, in the desk's transcript and the inspector", async () => {
    const { scene, ccspConversationId } = await handedOver("cust-author");
    const agent = await createMember(scene.tenantId, "AGENT");
    await db().user.update({ where: { id: agent.userId }, data: { name: "Ann Agent" } });
    const { caller } = await callerFor(agent.userId, scene.tenantId);
    await caller.desk.accept({ conversationId: ccspConversationId });
    const reply = await caller.desk.reply({ conversationId: ccspConversationId, message: "Ann here" });
    await caller.desk.close({ conversationId: ccspConversationId });

    expect(await db().message.findUniqueOrThrow({ where: { id: reply.messageId } })).toMatchObject({ agentId: agent.userId });
    const transcript = (await caller.desk.get({ conversationId: ccspConversationId })).transcript;
    expect(transcript.filter((entry) => entry.part === "DESK").map((entry) => [entry.kind, entry.sender, entry.agentName])).toEqual([
      ["MESSAGE", "AGENT", "Ann Agent"],
      ["CLOSE", "AGENT", "Ann Agent"],
    ]);
    // The bot's and the customer's messages name no agent.
    expect(transcript.filter((entry) => entry.part === "BOT").every((entry) => entry.agentName === null)).toBe(true);

    const timeline = await caller.conversation.get({ id: ccspConversationId });
    const said = timeline.items.flatMap((item) => (item.type === "MESSAGE" ? [item.message] : []));
    expect(said.find((message) => message.id === reply.messageId)?.agentName).toBe("Ann Agent");
    const closed = timeline.items.find((item) => item.type === "EVENT" && item.event === "CLOSED");
    expect(closed).toMatchObject({ title: "Closed by Ann Agent" });
  });

  it("lets an admin close a conversation nobody accepted", async () => {
    const { scene, ccspConversationId } = await handedOver("cust-admin");
    const admin = await createMember(scene.tenantId, "ADMIN");
    const { caller } = await callerFor(admin.userId, scene.tenantId);
    expect((await caller.desk.get({ conversationId: ccspConversationId })).can.close).toBe(true);
    await caller.desk.close({ conversationId: ccspConversationId });
    expect((await db().conversation.findUniqueOrThrow({ where: { id: ccspConversationId } })).status).toBe("CLOSED");
  });

  it("is for agents and up of the tenant, and only for built-in desk conversations", async () => {
    const { scene, botConversationId, ccspConversationId } = await handedOver("cust-access");
    const viewer = await createMember(scene.tenantId, "VIEWER");
    const { caller: viewerCaller } = await callerFor(viewer.userId, scene.tenantId);
    expect((await trpcError(viewerCaller.desk.queue())).code).toBe("FORBIDDEN");
    expect((await trpcError(viewerCaller.desk.accept({ conversationId: ccspConversationId }))).code).toBe("FORBIDDEN");

    // Another tenant's agent: the conversation does not exist for them, and their queue is empty.
    const elsewhere = await createOwner("Elsewhere");
    const { caller: outsider } = await callerFor(elsewhere.userId, elsewhere.tenantId);
    expect((await trpcError(outsider.desk.get({ conversationId: ccspConversationId }))).code).toBe("NOT_FOUND");
    expect((await trpcError(outsider.desk.accept({ conversationId: ccspConversationId }))).code).toBe("NOT_FOUND");
    expect((await trpcError(outsider.desk.reply({ conversationId: ccspConversationId, message: "x" }))).code).toBe("NOT_FOUND");
    expect(await outsider.desk.queue()).toEqual({ desks: [], waiting: [], mine: [], others: [] });
    expect((await db().conversation.findUniqueOrThrow({ where: { id: ccspConversationId } })).assignedAgentId).toBeNull();

    // A BOT conversation is not the desk's.
    const { caller: owner } = await callerFor(scene.ownerId, scene.tenantId);
    expect((await trpcError(owner.desk.accept({ conversationId: botConversationId }))).code).toBe("NOT_FOUND");
  });

  it("answers a CCSP-only conversation (no bot): closing it means the next message opens a new one", async () => {
    const scene = await createChatScene({ action: "CCSP", botUrl: bot.url, ccspPlatform: "BUILT_IN", callbackUrl: callback.url });
    callback.reply({ status: 204 });
    const say = (message: string) => api.channelMessage(scene.asset.id, { token: scene.channelSecret, body: { userId: "cust-direct", message } });
    const first = await say("straight to a human please");
    const conversationId = first.body.conversationId as string;
    const { caller } = await callerFor((await createMember(scene.tenantId, "AGENT")).userId, scene.tenantId);
    expect((await caller.desk.queue()).waiting).toEqual([expect.objectContaining({ id: conversationId, handoverReason: null })]);
    const detail = await caller.desk.get({ conversationId });
    expect(detail.botConversationId).toBeNull();
    expect(detail.transcript.map((t) => [t.part, t.text])).toEqual([["DESK", "straight to a human please"]]);

    await caller.desk.accept({ conversationId });
    const channelSeen = requestsFrom(callback);
    const botRequests = bot.requests.length;
    await caller.desk.reply({ conversationId, message: "Hello, human here" });
    expect((await channelSeen.next())[0]!.body).toMatchObject({ conversationId, sender: "AGENT", message: "Hello, human here" });
    await caller.desk.close({ conversationId });
    expect(bot.requests.length).toBe(botRequests);
    const next = await say("one more thing");
    expect(next.body.conversationId).not.toBe(conversationId);
    expect((await caller.desk.queue()).waiting.map((c) => c.id)).toEqual([next.body.conversationId]);
  });

  it("leaves a CCSP webhook's conversations to that CCSP", async () => {
    const scene = await createChatScene({ action: "CCSP", botUrl: bot.url, ccspPlatform: "WEBHOOK", ccspUrl: ccsp.url });
    ccsp.reply({ status: 200 });
    const message = await api.channelMessage(scene.asset.id, { token: scene.channelSecret, body: { userId: "cust-webhook", message: "hi" } });
    const { caller } = await callerFor(scene.ownerId, scene.tenantId);
    expect((await caller.desk.queue()).waiting).toEqual([]);
    expect((await trpcError(caller.desk.accept({ conversationId: message.body.conversationId as string }))).code).toBe("NOT_FOUND");
  });
});
