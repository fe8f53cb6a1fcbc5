/**
 * Deleting an integration keeps its history for support staff (shown as "(deleted integration)")
 * while the integration itself is gone: it receives nothing, accepts no inbound event, is in no
 * list or picker, and what waited for it is FAILED, never attempted. Only an owner's explicit
 * "Delete with history", confirming the counts it is shown, removes data.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { attemptDelivery } from "@/server/delivery/attempt";
import { DELETED_INTEGRATION, DELETED_REASON } from "@/server/integrations/deleted";
import { api } from "@/test/api-client";
import { createChatScene } from "@/test/chat-scene";
import { eventually } from "@/test/delivery-scene";
import { callerFor, createDeliveryRow, createMember } from "@/test/factories";
import { startReceiver, type Receiver } from "@/test/receiver";
import { expectTrpcError } from "@/test/trpc-errors";

let bot: Receiver;
let ccsp: Receiver;
beforeAll(async () => {
  [bot, ccsp] = await Promise.all([startReceiver(), startReceiver()]);
  ccsp.reply({ status: 200 });
});
afterAll(() => Promise.all([bot.close(), ccsp.close()]));

/** A conversation with a delivered message, a failed first attempt waiting for its retry, and a held delivery. */
async function sceneWithHistory(action: "BOT" | "BOT_CCSP" = "BOT") {
  const s = await createChatScene({ action, botPlatform: "IMI_BOT", botUrl: bot.url, ccspUrl: ccsp.url });
  bot.reply({ status: 200 });
  const first = await api.channelMessage(s.asset.id, { token: s.channelSecret, body: { userId: "u1", message: "hello" } });
  const conversationId = first.body.conversationId as string;
  await eventually(() => db().delivery.findMany({ where: { conversationId } }), (ds) => ds.length === 1 && ds[0]!.state === "DELIVERED");
  bot.reply({ status: 500, body: "down" });
  await api.channelMessage(s.asset.id, { token: s.channelSecret, body: { userId: "u1", message: "are you there?" } });
  const waiting = await eventually(
    () => db().delivery.findFirst({ where: { conversationId, state: "PENDING", attempts: 1 } }),
    (d) => d !== null,
  );
  const held = await createDeliveryRow(s.tenantId, { integrationId: s.bot.id, conversationId, state: "HELD" });
  const { caller: owner } = await callerFor(s.ownerId, s.tenantId);
  return { ...s, owner, conversationId, waitingId: waiting!.id, heldId: held.id };
}

/** Rules block a delete: the tenant takes them away first, as the UI asks. */
const removeRules = (serviceId: string) => db().rule.deleteMany({ where: { serviceId } });

async function historyOf(tenantId: string) {
  const where = { tenantId };
  const [conversations, messages, deliveries, attempts] = await Promise.all([
    db().conversation.count({ where }),
    db().message.count({ where }),
    db().delivery.count({ where }),
    db().deliveryAttempt.count({ where: { delivery: { tenantId } } }),
  ]);
  return { conversations, messages, deliveries, attempts };
}

describe("deleting an integration", () => {
  it("keeps its conversations, messages, deliveries and attempts, shown as (deleted integration)", async () => {
    const s = await sceneWithHistory();
    await removeRules(s.service.id);
    const before = await historyOf(s.tenantId);
    expect(before.attempts).toBeGreaterThanOrEqual(2);

    await s.owner.integration.delete({ id: s.bot.id });

    expect(await historyOf(s.tenantId)).toStrictEqual(before);
    const viewer = await createMember(s.tenantId, "VIEWER");
    const { caller } = await callerFor(viewer.userId, s.tenantId);
    const timeline = await caller.conversation.get({ id: s.conversationId });
    expect(timeline.conversation.integration).toMatchObject({ id: s.bot.id, name: DELETED_INTEGRATION, deleted: true });
    expect(timeline.conversation.status).toBe("CLOSED");
    const deliveries = timeline.items.flatMap((item) => (item.type === "MESSAGE" ? item.deliveries : item.type === "DELIVERY" ? [item.delivery] : []));
    expect(deliveries.length).toBe(before.deliveries);
    for (const d of deliveries) expect(d.receiver).toMatchObject({ kind: "INTEGRATION", name: DELETED_INTEGRATION });
    expect(timeline.items[0]).toMatchObject({ title: `Conversation opened with ${DELETED_INTEGRATION}` });
    expect(JSON.stringify(timeline)).not.toContain(`"name":"IMI_BOT `);
    const listed = await caller.conversation.list({ id: s.conversationId });
    expect(listed.items[0]?.integration.name).toBe(DELETED_INTEGRATION);
  });

  it("receives nothing more: what waited is FAILED and never attempted, replay is refused, inbound events get 401", async () => {
    const s = await sceneWithHistory();
    await removeRules(s.service.id);
    await s.owner.integration.delete({ id: s.bot.id });

    const waiting = await db().delivery.findMany({ where: { id: { in: [s.waitingId, s.heldId] } } });
    expect(waiting.map((d) => [d.state, d.lastError])).toEqual([
      ["FAILED", DELETED_REASON],
      ["FAILED", DELETED_REASON],
    ]);
    const requests = bot.requests.length;
    // Even a delivery written while the delete ran is not attempted.
    await db().delivery.update({ where: { id: s.waitingId }, data: { state: "PENDING", nextAttemptAt: null } });
    expect((await attemptDelivery(db(), s.waitingId)).outcome).toBe("SKIPPED");
    expect(await db().delivery.findUniqueOrThrow({ where: { id: s.waitingId }, select: { state: true } })).toEqual({ state: "FAILED" });
    await expectTrpcError(s.owner.delivery.replay({ id: s.waitingId }), "CONFLICT", /deleted/);
    await new Promise((r) => setTimeout(r, 200));
    expect(bot.requests.length).toBe(requests);

    const inbound = await api.integrationEvent(s.bot.id, { token: s.bot.inboundSecret, body: { eventid: "1001", conversation_id: s.conversationId, message: "still here?" } });
    const unknown = await api.integrationEvent("cl_nobody", { token: s.bot.inboundSecret, body: { eventid: "1001", conversation_id: s.conversationId, message: "x" } });
    expect(inbound.status).toBe(401);
    expect(inbound.body).toStrictEqual(unknown.body);
  });

  it("is in no list or picker, cannot be read or changed, and its name is free again", async () => {
    const s = await sceneWithHistory();
    await removeRules(s.service.id);
    const { name } = await db().integration.findUniqueOrThrow({ where: { id: s.bot.id }, select: { name: true } });
    await s.owner.integration.delete({ id: s.bot.id });

    expect((await s.owner.integration.list()).map((i) => i.id)).not.toContain(s.bot.id);
    await expectTrpcError(s.owner.integration.get({ id: s.bot.id }), "NOT_FOUND");
    await expectTrpcError(s.owner.integration.verify({ id: s.bot.id }), "NOT_FOUND");
    await expectTrpcError(s.owner.delivery.health({ integrationId: s.bot.id }), "NOT_FOUND");
    const service = await s.owner.service.get({ id: s.service.id });
    expect(JSON.stringify(service)).not.toContain(s.bot.id);
    await expectTrpcError(s.owner.service.mapIntegration({ serviceId: s.service.id, integrationId: s.bot.id }), "NOT_FOUND");
    const again = await s.owner.integration.create({ platform: "BUILT_IN", name });
    expect(again.id).not.toBe(s.bot.id);
  });

  it("a deleted CCSP that held the flag hands it back to the bot", async () => {
    const s = await sceneWithHistory("BOT_CCSP");
    bot.reply({ status: 200 });
    expect((await api.integrationEvent(s.bot.id, { token: s.bot.inboundSecret, body: { eventid: "1002", conversation_id: s.conversationId } })).status).toBe(202);
    const handedOver = await db().conversation.findUniqueOrThrow({ where: { id: s.conversationId }, select: { activeCcspConversationId: true } });
    expect(handedOver.activeCcspConversationId).not.toBeNull();
    await removeRules(s.service.id);

    await s.owner.integration.delete({ id: s.ccsp.id });

    expect(await db().conversation.findUniqueOrThrow({ where: { id: s.conversationId }, select: { activeCcspConversationId: true } })).toEqual({ activeCcspConversationId: null });
    expect(await db().conversation.findUniqueOrThrow({ where: { id: handedOver.activeCcspConversationId! }, select: { status: true } })).toEqual({ status: "CLOSED" });
  });
});

describe("Delete with history", () => {
  it("is for owners, needs the counts it was shown, and then removes the integration and its history", async () => {
    const s = await sceneWithHistory();
    await removeRules(s.service.id);
    const admin = await createMember(s.tenantId, "ADMIN");
    const { caller: adminCaller } = await callerFor(admin.userId, s.tenantId);
    await expectTrpcError(adminCaller.integration.historyCounts({ id: s.bot.id }), "FORBIDDEN");

    const counts = await s.owner.integration.historyCounts({ id: s.bot.id });
    const before = await historyOf(s.tenantId);
    expect(counts).toStrictEqual({ conversations: before.conversations, messages: before.messages, deliveries: before.deliveries });
    await expectTrpcError(
      adminCaller.integration.deleteWithHistory({ id: s.bot.id, confirm: counts }),
      "FORBIDDEN",
    );
    await expectTrpcError(
      s.owner.integration.deleteWithHistory({ id: s.bot.id, confirm: { ...counts, messages: counts.messages - 1 } }),
      "CONFLICT",
      /changed since you confirmed/,
    );
    expect(await historyOf(s.tenantId)).toStrictEqual(before);

    const done = await s.owner.integration.deleteWithHistory({ id: s.bot.id, confirm: counts });
    expect(done.removed).toStrictEqual(counts);
    expect(await historyOf(s.tenantId)).toStrictEqual({ conversations: 0, messages: 0, deliveries: 0, attempts: 0 });
    expect(await db().integration.findUnique({ where: { id: s.bot.id } })).toBeNull();
  });
});
