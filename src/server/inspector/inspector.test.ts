import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { generateChannelSecret, hashSecret } from "@/server/security/tokens";
import { api } from "@/test/api-client";
import { createChatScene } from "@/test/chat-scene";
import { callerFor, createAttemptRows, createDeliveryRow, createMember, createOwner } from "@/test/factories";
import { startReceiver, type Receiver } from "@/test/receiver";
import type { ConversationTimeline, DeliveryView, TimelineItem } from "./timeline";
import { trpcError } from "@/test/trpc-errors";

let bot: Receiver;
let callback: Receiver;

beforeAll(async () => {
  [bot, callback] = await Promise.all([startReceiver(), startReceiver()]);
});
afterAll(async () => {
  await Promise.all([bot.close(), callback.close()]);
});


/** Waits until every delivery of the tenant is finished (first attempts run after the response). */
async function settled(tenantId: string) {
  await expect
    .poll(() => db().delivery.count({ where: { tenantId, state: { in: ["PENDING"] }, attempts: 0 } }), { timeout: 5_000 })
    .toBe(0);
}

const events = (timeline: ConversationTimeline) =>
  timeline.items.flatMap((i) => (i.type === "EVENT" ? [i] : []));
const messages = (timeline: ConversationTimeline) =>
  timeline.items.flatMap((i) => (i.type === "MESSAGE" ? [i] : []));
const allDeliveries = (items: TimelineItem[]): DeliveryView[] =>
  items.flatMap((i) => (i.type === "DELIVERY" ? [i.delivery] : i.deliveries));

describe("the conversation inspector", () => {
  it("shows a whole BOT + desk journey: messages, events, deliveries with their attempts, linked both ways", async () => {
    const scene = await createChatScene({ action: "BOT_CCSP", botUrl: bot.url, ccspPlatform: "BUILT_IN", callbackUrl: callback.url });
    bot.reply({ status: 200, body: scene.bot.token });
    callback.reply({ status: 204 });
    const hello = await api.channelMessage(scene.asset.id, { token: scene.channelSecret, body: { userId: "cust-t", message: "hello" } });
    const botConversationId = hello.body.conversationId as string;
    const handover = await api.integrationEvent(scene.bot.id, {
      token: scene.bot.inboundSecret,
      body: { eventid: "1002", conversation_id: botConversationId, reason: "billing question" },
    });
    const ccspConversationId = handover.body.ccspConversationId as string;
    const { caller: owner } = await callerFor(scene.ownerId, scene.tenantId);
    await owner.desk.accept({ conversationId: ccspConversationId });
    await owner.desk.reply({ conversationId: ccspConversationId, message: "An agent here" });
    await owner.desk.close({ conversationId: ccspConversationId });
    await settled(scene.tenantId);
    // The bot was made inactive and active again while the conversation lasted; an older event is not shown.
    await db().integrationEvent.createMany({
      data: [
        { tenantId: scene.tenantId, integrationId: scene.bot.id, type: "DEACTIVATED", detail: "5 consecutive failures", createdAt: new Date() },
        { tenantId: scene.tenantId, integrationId: scene.bot.id, type: "REACTIVATED", detail: "Verified again", createdAt: new Date(Date.now() + 1) },
        { tenantId: scene.tenantId, integrationId: scene.bot.id, type: "DEACTIVATED", detail: "long ago", createdAt: new Date("2020-01-01") },
      ],
    });

    const viewer = await createMember(scene.tenantId, "VIEWER");
    const { caller } = await callerFor(viewer.userId, scene.tenantId);

    const botTimeline = await caller.conversation.get({ id: botConversationId });
    expect(botTimeline.conversation).toMatchObject({
      id: botConversationId,
      kind: "BOT",
      status: "OPEN",
      channelUserId: "cust-t",
      handoverReason: "billing question",
      activeCcspConversationId: null,
      parent: null,
      service: { id: scene.service.id },
      integration: { id: scene.bot.id },
      ccspIntegration: { id: scene.ccsp.id },
    });
    expect(botTimeline.conversation.children).toEqual([expect.objectContaining({ id: ccspConversationId, kind: "CCSP", status: "CLOSED" })]);
    expect(botTimeline.viewer.canReplay).toBe(false);

    const [helloItem] = messages(botTimeline);
    expect(helloItem!.message).toMatchObject({ id: hello.body.messageId, sender: "CUSTOMER", text: "hello" });
    expect(helloItem!.deliveries).toHaveLength(1);
    const helloDelivery = helloItem!.deliveries[0]!;
    expect(helloDelivery).toMatchObject({
      state: "DELIVERED",
      event: "Incoming message",
      receiver: { kind: "INTEGRATION", id: scene.bot.id },
      payload: { Conversationid: botConversationId, Message: "hello" },
    });
    expect(helloDelivery.attemptLog).toEqual([
      expect.objectContaining({ number: 1, statusCode: 200, error: null, ok: true, responseStart: "[redacted]" }),
    ]);
    expect(helloDelivery.attemptLog[0]!.durationMs).toBeGreaterThanOrEqual(0);

    const handoverEvent = events(botTimeline).find((e) => e.event === "HANDOVER")!;
    expect(handoverEvent).toMatchObject({ detail: "Reason: billing question", link: { conversationId: ccspConversationId } });
    expect(handoverEvent.deliveries.map((d) => d.event)).toEqual(["Handover accepted"]);
    // The bot's copies of what happened in the desk conversation belong to the BOT conversation.
    const botEvents = allDeliveries(botTimeline.items).map((d) => d.event);
    expect(botEvents).toEqual(["Incoming message", "Handover accepted", "Agent message", "Conversation closed"]);
    const copy = botTimeline.items.find((i) => i.type === "DELIVERY" && i.delivery.event === "Agent message");
    expect(copy).toMatchObject({ delivery: { conversationId: botConversationId, messageConversationId: ccspConversationId, state: "DELIVERED" } });
    expect(events(botTimeline).map((e) => e.event)).toEqual(expect.arrayContaining(["OPENED", "HANDOVER", "INTEGRATION_DEACTIVATED", "INTEGRATION_REACTIVATED"]));
    expect(events(botTimeline).filter((e) => e.event === "INTEGRATION_DEACTIVATED").map((e) => e.detail)).toEqual(["5 consecutive failures"]);
    // In time order.
    const times = botTimeline.items.map((i) => i.at.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    const deskTimeline = await caller.conversation.get({ id: ccspConversationId });
    expect(deskTimeline.conversation).toMatchObject({
      kind: "CCSP",
      status: "CLOSED",
      parent: { id: botConversationId, kind: "BOT" },
      assignee: { id: scene.ownerId },
    });
    expect(events(deskTimeline).map((e) => e.event)).toEqual(["HANDED_OVER_FROM_BOT", "ACCEPTED", "CLOSED"]);
    expect(events(deskTimeline)[0]).toMatchObject({ detail: "Reason: billing question", link: { conversationId: botConversationId } });
    const agentItem = messages(deskTimeline).find((m) => m.message.sender === "AGENT")!;
    expect(agentItem.message.text).toBe("An agent here");
    expect(agentItem.deliveries.map((d) => [d.receiver?.kind, d.state, d.attemptLog.length])).toEqual([
      ["CHANNEL", "DELIVERED", 1],
      ["INTEGRATION", "DELIVERED", 1],
    ]);
    expect(agentItem.deliveries[0]!.attemptLog[0]!.statusCode).toBe(204);
    expect(events(deskTimeline).at(-1)!.deliveries.map((d) => d.event)).toEqual(["Conversation closed"]);
  });

  it("filters and pages conversations, and lists unrouted messages", async () => {
    const scene = await createChatScene({ action: "BOT_CCSP", botUrl: bot.url, ccspPlatform: "BUILT_IN" });
    bot.reply({ status: 200, body: scene.bot.token });
    const say = (userId: string, message: string) => api.channelMessage(scene.asset.id, { token: scene.channelSecret, body: { userId, message } });
    const ids: string[] = [];
    for (const user of ["alice", "bob", "carol", "dave", "erin"]) {
      ids.push((await say(`user-${user}`, `hi from ${user}`)).body.conversationId as string);
    }
    // Dave was handed over; Erin's conversation is closed; Alice's is from 2020.
    const handover = await api.integrationEvent(scene.bot.id, { token: scene.bot.inboundSecret, body: { eventid: "1002", conversation_id: ids[3], reason: "x" } });
    const daveDesk = handover.body.ccspConversationId as string;
    await api.integrationEvent(scene.bot.id, { token: scene.bot.inboundSecret, body: { eventid: "1003", conversation_id: ids[4] } });
    await db().conversation.update({ where: { id: ids[0] }, data: { createdAt: new Date("2020-03-01T10:00:00Z"), lastActivityAt: new Date("2020-03-02T10:00:00Z") } });
    await settled(scene.tenantId);

    const { caller } = await callerFor((await createMember(scene.tenantId, "VIEWER")).userId, scene.tenantId);
    const list = (filters: Parameters<typeof caller.conversation.list>[0]) => caller.conversation.list(filters);
    const idsOf = async (filters: Parameters<typeof caller.conversation.list>[0]) => (await list(filters)).items.map((c) => c.id);

    expect((await list({})).items).toHaveLength(6);
    // Most recently active first.
    expect(await idsOf({ kind: "BOT" })).toEqual([ids[4], ids[3], ids[2], ids[1], ids[0]]);
    expect(await idsOf({ kind: "CCSP" })).toEqual([daveDesk]);
    expect(await idsOf({ status: "CLOSED" })).toEqual([ids[4]]);
    // The handover moved both of Dave's conversations at once.
    expect((await idsOf({ channelUserId: "DAVE" })).sort()).toEqual([daveDesk, ids[3]!].sort());
    expect(await idsOf({ id: ids[2]!.slice(0, 12) })).toContain(ids[2]);
    expect(await idsOf({ id: ids[2]! })).toEqual([ids[2]]);
    expect(await idsOf({ integrationId: scene.ccsp.id })).toEqual([daveDesk]);
    expect(await idsOf({ channelAssetId: scene.asset.id, serviceId: scene.service.id, kind: "BOT", status: "OPEN" })).toHaveLength(4);
    expect(await idsOf({ serviceId: "nope" })).toEqual([]);
    // A message ID or a delivery ID (webhook-id) finds its conversation.
    const bobMessage = await db().message.findFirstOrThrow({ where: { conversationId: ids[1] } });
    expect(await idsOf({ id: bobMessage.id })).toEqual([ids[1]]);
    const carolDelivery = await db().delivery.findFirstOrThrow({ where: { conversationId: ids[2] } });
    expect(await idsOf({ id: carolDelivery.id })).toEqual([ids[2]]);
    expect(await idsOf({ id: "msg_unknown" })).toEqual([]);
    // Active in a date range.
    expect(await idsOf({ from: new Date("2020-03-02T00:00:00Z"), to: new Date("2020-03-03T00:00:00Z") })).toEqual([ids[0]]);
    expect(await idsOf({ to: new Date("2020-03-01T00:00:00Z") })).toEqual([]);
    expect(await idsOf({ from: new Date(Date.now() - 60_000) })).not.toContain(ids[0]);

    const row = (await list({ id: ids[3] })).items[0]!;
    expect(row).toMatchObject({ kind: "BOT", channelUserId: "user-dave", messageCount: 1, activeCcspConversationId: daveDesk, service: { name: scene.service.name } });

    // Pages of two, no overlap, nothing missing, a last page without a cursor.
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof caller.conversation.list>> = await list({ limit: 2, cursor });
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual((await list({})).items.map((c) => c.id));
    expect(new Set(seen).size).toBe(6);
    expect((await trpcError(list({ cursor: "garbage" }))).code).toBe("BAD_REQUEST");

    // A message on a channel no service uses is kept as unrouted.
    const secret = generateChannelSecret();
    const lonely = await db().channelAsset.create({
      data: { tenantId: scene.tenantId, type: "HTTP", name: "Unrouted channel", channelLabel: "HTTP", secretHash: hashSecret(secret) },
    });
    const unrouted = await api.channelMessage(lonely.id, { token: secret, body: { userId: "user-zed", message: "anyone?" } });
    expect(unrouted.status).toBe(202);
    expect(unrouted.body.conversationId).toBeNull();
    const unroutedPage = await caller.conversation.unrouted({});
    expect(unroutedPage.items).toEqual([expect.objectContaining({ id: unrouted.body.messageId, channelUserId: "user-zed", text: "anyone?", channel: expect.objectContaining({ id: lonely.id }) })]);
    expect((await caller.conversation.unrouted({ channelUserId: "alice" })).items).toEqual([]);
    expect((await caller.conversation.unrouted({ channelAssetId: lonely.id })).items).toHaveLength(1);
  });

  it("keeps tenants apart: another tenant finds nothing and cannot replay", async () => {
    const scene = await createChatScene({ action: "BOT", botUrl: bot.url });
    bot.reply({ status: 200, body: scene.bot.token });
    const hello = await api.channelMessage(scene.asset.id, { token: scene.channelSecret, body: { userId: "secret-user", message: "private" } });
    const conversationId = hello.body.conversationId as string;
    // Delivered first (an attempt in flight would overwrite the state set below).
    await expect.poll(async () => (await db().delivery.findFirst({ where: { conversationId } }))?.state, { timeout: 5_000 }).toBe("DELIVERED");
    const delivery = await db().delivery.findFirstOrThrow({ where: { conversationId } });
    await db().delivery.update({ where: { id: delivery.id }, data: { state: "FAILED" } });

    const other = await createOwner("Other");
    const { caller } = await callerFor(other.userId, other.tenantId);
    expect((await trpcError(caller.conversation.get({ id: conversationId }))).code).toBe("NOT_FOUND");
    expect((await caller.conversation.list({})).items).toEqual([]);
    expect((await caller.conversation.list({ id: conversationId })).items).toEqual([]);
    expect((await caller.conversation.list({ id: delivery.id })).items).toEqual([]);
    expect((await caller.conversation.list({ channelAssetId: scene.asset.id })).items).toEqual([]);
    expect((await caller.conversation.unrouted({})).items).toEqual([]);
    expect((await trpcError(caller.delivery.replay({ id: delivery.id }))).code).toBe("NOT_FOUND");
    expect((await db().delivery.findUniqueOrThrow({ where: { id: delivery.id } })).state).toBe("FAILED");
  });
});

describe("replaying a FAILED delivery", () => {
  it("is for admins and up, and records the next attempt number", async () => {
    const receiver = await startReceiver();
    try {
      const scene = await createChatScene({ action: "BOT", botUrl: receiver.url });
      receiver.reply({ status: 500, body: "down" });
      const hello = await api.channelMessage(scene.asset.id, { token: scene.channelSecret, body: { userId: "cust-r", message: "hello?" } });
      const conversationId = hello.body.conversationId as string;
      await receiver.waitForRequests(1);
      const delivery = await db().delivery.findFirstOrThrow({ where: { conversationId } });
      await expect.poll(async () => (await db().deliveryAttempt.count({ where: { deliveryId: delivery.id } }))).toBe(1);
      // The retries ran out: four more failed attempts, then FAILED.
      await createAttemptRows(delivery.id, [1, 2, 3, 4].map(() => ({ durationMs: 5_000, error: "timeout after 5000 ms" })), 2);
      await db().delivery.update({ where: { id: delivery.id }, data: { state: "FAILED", nextAttemptAt: null } });

      const viewer = await createMember(scene.tenantId, "VIEWER");
      const agent = await createMember(scene.tenantId, "AGENT");
      const admin = await createMember(scene.tenantId, "ADMIN");
      for (const member of [viewer, agent]) {
        const { caller } = await callerFor(member.userId, scene.tenantId);
        expect((await trpcError(caller.delivery.replay({ id: delivery.id }))).code).toBe("FORBIDDEN");
      }
      expect(receiver.requests).toHaveLength(1);
      expect((await db().delivery.findUniqueOrThrow({ where: { id: delivery.id } })).attempts).toBe(5);

      const { caller } = await callerFor(admin.userId, scene.tenantId);
      expect((await caller.conversation.get({ id: conversationId })).viewer.canReplay).toBe(true);
      receiver.reply({ status: 200, body: scene.bot.token });
      const outcome = await caller.delivery.replay({ id: delivery.id });
      expect(outcome).toMatchObject({ outcome: "DELIVERED", attempt: 6 });
      expect(receiver.requests).toHaveLength(2);
      expect(receiver.requests[1]!.headers["webhook-id"]).toBe(delivery.id);

      const timeline = await caller.conversation.get({ id: conversationId });
      const replayed = allDeliveries(timeline.items).find((d) => d.id === delivery.id)!;
      expect(replayed.state).toBe("DELIVERED");
      expect(replayed.attemptLog.map((a) => [a.number, a.ok])).toEqual([
        [1, false],
        [2, false],
        [3, false],
        [4, false],
        [5, false],
        [6, true],
      ]);
      expect(replayed.attemptLog[0]).toMatchObject({ statusCode: 500, responseStart: "down" });

      // Only a FAILED delivery is replayed.
      expect((await trpcError(caller.delivery.replay({ id: delivery.id }))).code).toBe("CONFLICT");
      expect((await trpcError(caller.delivery.replay({ id: "dlv_missing" }))).code).toBe("NOT_FOUND");
    } finally {
      await receiver.close();
    }
  });

  it("shows a delivery inserted with its attempts in the timeline of its conversation", async () => {
    const scene = await createChatScene({ action: "BOT", botUrl: bot.url });
    bot.reply({ status: 200, body: scene.bot.token });
    const hello = await api.channelMessage(scene.asset.id, { token: scene.channelSecret, body: { userId: "cust-f", message: "x" } });
    const conversationId = hello.body.conversationId as string;
    await settled(scene.tenantId);
    const failed = await createDeliveryRow(scene.tenantId, { integrationId: scene.bot.id, conversationId, state: "FAILED", payload: { Event: "Message Delivery" } });
    await createAttemptRows(failed.id, [{ durationMs: 12, statusCode: 502, error: "HTTP 502: bad gateway", responseStart: "bad gateway" }]);
    const { caller } = await callerFor(scene.ownerId, scene.tenantId);
    const timeline = await caller.conversation.get({ id: conversationId });
    expect(timeline.counts).toMatchObject({ messages: 1, failedDeliveries: 1 });
    const standalone = timeline.items.find((i) => i.type === "DELIVERY");
    expect(standalone).toMatchObject({
      delivery: { id: failed.id, state: "FAILED", event: "Message Delivery", attemptLog: [expect.objectContaining({ number: 1, statusCode: 502, error: "HTTP 502: bad gateway", durationMs: 12 })] },
    });
    expect((await caller.conversation.list({ id: conversationId })).items[0]!.failedDeliveries).toBe(1);
  });
});

describe("the conversation list's order", () => {
  it("puts the conversation that just moved first, or the oldest activity first, paging either way without gaps", async () => {
    const scene = await createChatScene({ action: "BOT", botUrl: bot.url });
    bot.reply({ status: 200, body: scene.bot.token });
    const say = (userId: string) => api.channelMessage(scene.asset.id, { token: scene.channelSecret, body: { userId, message: "hello" } });
    const ids: string[] = [];
    for (const user of ["ann", "ben", "cat", "dan", "eve"]) ids.push((await say(`user-${user}`)).body.conversationId as string);
    await settled(scene.tenantId);
    // Ann started first and Eve last, but Ben wrote again just now; Cat and Dan were active at the same instant.
    const base = Date.parse("2026-06-01T08:00:00Z");
    for (const [i, id] of ids.entries()) {
      await db().conversation.update({ where: { id }, data: { createdAt: new Date(base + i * 60_000), lastActivityAt: new Date(base + i * 60_000) } });
    }
    await db().conversation.updateMany({ where: { id: { in: [ids[2]!, ids[3]!] } }, data: { lastActivityAt: new Date(base + 10 * 60_000) } });
    await say("user-ben");

    const { caller } = await callerFor((await createMember(scene.tenantId, "VIEWER")).userId, scene.tenantId);
    const pages = async (sort?: "recent" | "oldest") => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof caller.conversation.list>> = await caller.conversation.list({ limit: 2, cursor, sort });
        seen.push(...page.items.map((c) => c.id));
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    const [ann, ben, cat, dan, eve] = ids as [string, string, string, string, string];
    // Ties (Cat and Dan) break on the ID, the same way in both directions.
    const tied = [cat, dan].sort();
    expect(await pages()).toEqual([ben, ...[...tied].reverse(), eve, ann]);
    expect(await pages("oldest")).toEqual([ann, eve, ...tied, ben]);
    expect((await caller.conversation.list({})).items.map((c) => c.id)).toEqual(await pages("recent"));
  });
});
