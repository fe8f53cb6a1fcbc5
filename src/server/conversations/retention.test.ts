/**
 * Retention on the real database: what is old goes, with its messages, deliveries and
 * attempts; what still has work to do, a live handover, newer conversations and other tenants
 * stay; batches, time budgets and two runners at once; the setting through tRPC.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createChatScene } from "@/test/chat-scene";
import { callerFor, createAttemptRows, createDeliveryRow, createMember } from "@/test/factories";
import { trpcError } from "@/test/trpc-errors";
import { applyDueRetention, applyRetention } from "./retention";

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);

type Scene = Awaited<ReturnType<typeof createChatScene>>;

/** A conversation last active `days` ago, with one customer message, its delivery and an attempt. */
async function conversation(scene: Scene, days: number, extra: { state?: "PENDING" | "HELD" | "DELIVERED"; status?: "OPEN" | "CLOSED"; kind?: "BOT" | "CCSP" } = {}) {
  const id = `conv_ret_${randomUUID().slice(0, 12)}`;
  const at = daysAgo(days);
  await db().conversation.create({
    data: {
      id,
      tenantId: scene.tenantId,
      kind: extra.kind ?? "BOT",
      status: extra.status ?? "CLOSED",
      channelAssetId: scene.asset.id,
      channelUserId: `user-${id}`,
      serviceId: scene.service.id,
      integrationId: extra.kind === "CCSP" ? scene.ccsp.id : scene.bot.id,
      createdAt: at,
      lastActivityAt: at,
    },
  });
  const message = await db().message.create({
    data: { id: `msg_${id}`, tenantId: scene.tenantId, conversationId: id, channelAssetId: scene.asset.id, channelUserId: `user-${id}`, sender: "CUSTOMER", kind: "MESSAGE", text: "hello", createdAt: at },
  });
  const delivery = await createDeliveryRow(scene.tenantId, { integrationId: scene.bot.id, conversationId: id, messageId: message.id, state: extra.state ?? "DELIVERED" });
  await createAttemptRows(delivery.id, [{ startedAt: at, durationMs: 12 }]);
  return { id, messageId: message.id, deliveryId: delivery.id };
}

async function unrouted(scene: Scene, days: number) {
  const id = `msg_unrouted_${randomUUID().slice(0, 12)}`;
  await db().message.create({
    data: { id, tenantId: scene.tenantId, conversationId: null, channelAssetId: scene.asset.id, channelUserId: "nobody", sender: "CUSTOMER", kind: "UNROUTED", text: "anyone?", createdAt: daysAgo(days) },
  });
  return id;
}

const exists = {
  conversation: async (id: string) => (await db().conversation.count({ where: { id } })) === 1,
  message: async (id: string) => (await db().message.count({ where: { id } })) === 1,
  delivery: async (id: string) => (await db().delivery.count({ where: { id } })) === 1,
  attemptsOf: (deliveryId: string) => db().deliveryAttempt.count({ where: { deliveryId } }),
};

describe("retention", () => {
  it("deletes only what is older than the setting and has nothing left to do, in batches", async () => {
    const scene = await createChatScene({ action: "BOT", botUrl: "http://127.0.0.1:9/bot" });
    const old = await Promise.all(Array.from({ length: 5 }, () => conversation(scene, 40)));
    const oldOpen = await conversation(scene, 35, { status: "OPEN" });
    const recent = await conversation(scene, 10);
    const waiting = await conversation(scene, 40, { state: "PENDING" });
    const held = await conversation(scene, 40, { state: "HELD" });
    // A live handover, old on both ends: the BOT conversation gave the flag to the CCSP one.
    const bot = await conversation(scene, 50, { status: "OPEN" });
    const desk = await conversation(scene, 50, { status: "OPEN", kind: "CCSP" });
    await db().conversation.update({ where: { id: bot.id }, data: { activeCcspConversationId: desk.id } });
    await db().conversation.update({ where: { id: desk.id }, data: { parentId: bot.id } });
    const oldUnrouted = await unrouted(scene, 31);
    const newUnrouted = await unrouted(scene, 29);
    // Another tenant's old conversation: its tenant keeps everything.
    const other = await createChatScene({ action: "BOT", botUrl: "http://127.0.0.1:9/bot" });
    const theirs = await conversation(other, 400);

    const run = await applyRetention(db(), scene.tenantId, 30, { batch: 2 });
    expect(run).toEqual({ tenantId: scene.tenantId, deleted: 5 + 1 + 1, complete: true });

    for (const c of [...old, oldOpen]) {
      expect(await exists.conversation(c.id)).toBe(false);
      expect(await exists.message(c.messageId)).toBe(false);
      expect(await exists.delivery(c.deliveryId)).toBe(false);
      expect(await exists.attemptsOf(c.deliveryId)).toBe(0);
    }
    expect(await exists.message(oldUnrouted)).toBe(false);
    for (const c of [recent, waiting, held, bot, desk, theirs]) {
      expect(await exists.conversation(c.id)).toBe(true);
      expect(await exists.attemptsOf(c.deliveryId)).toBe(1);
    }
    expect(await exists.message(newUnrouted)).toBe(true);

    // Once the handover is over (the flag back with the bot), both ends go.
    await db().conversation.update({ where: { id: bot.id }, data: { activeCcspConversationId: null } });
    expect((await applyRetention(db(), scene.tenantId, 30)).deleted).toBe(2);
    expect(await exists.conversation(bot.id)).toBe(false);
    expect(await exists.conversation(desk.id)).toBe(false);
  });

  it("stops at its time budget and goes on at the next run, counting the whole run", async () => {
    const scene = await createChatScene({ action: "BOT", botUrl: "http://127.0.0.1:9/bot" });
    await Promise.all(Array.from({ length: 3 }, () => conversation(scene, 100)));
    const cut = await applyRetention(db(), scene.tenantId, 30, { batch: 1, budgetMs: 0 });
    expect(cut).toMatchObject({ deleted: 1, complete: false });
    expect(await db().conversation.count({ where: { tenantId: scene.tenantId } })).toBe(2);
  });

  it("runs each due tenant once, even with two runners at the same moment, and records the run", async () => {
    const scene = await createChatScene({ action: "BOT", botUrl: "http://127.0.0.1:9/bot" });
    await Promise.all(Array.from({ length: 6 }, () => conversation(scene, 60)));
    const { caller } = await callerFor(scene.ownerId, scene.tenantId);
    expect((await caller.tenant.retention()).days).toBeNull();
    await caller.tenant.setRetention({ days: 30 });

    const now = new Date();
    const [a, b] = await Promise.all([applyDueRetention(db(), now), applyDueRetention(db(), now)]);
    const mine = [...a, ...b].filter((run) => run.tenantId === scene.tenantId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ deleted: 6, complete: true });

    const setting = await caller.tenant.retention();
    expect(setting).toMatchObject({ days: 30, lastDeleted: 6, continuing: false, lastError: null });
    expect(setting.lastRunAt).toEqual(now);
    expect(setting.nextRunAt!.getTime()).toBe(now.getTime() + 3_600_000);
    // Not due again within the hour.
    expect((await applyDueRetention(db(), new Date(now.getTime() + 60_000))).filter((run) => run.tenantId === scene.tenantId)).toEqual([]);
  });

  it("is set by owners and admins of the organization only", async () => {
    const scene = await createChatScene({ action: "BOT", botUrl: "http://127.0.0.1:9/bot" });
    const agent = await createMember(scene.tenantId, "AGENT");
    const { caller: asAgent } = await callerFor(agent.userId, scene.tenantId);
    expect(await trpcError(asAgent.tenant.setRetention({ days: 30 }))).toMatchObject({ code: "FORBIDDEN" });
    expect((await asAgent.tenant.retention()).days).toBeNull();

    const admin = await createMember(scene.tenantId, "ADMIN");
    const { caller: asAdmin } = await callerFor(admin.userId, scene.tenantId);
    expect(await trpcError(asAdmin.tenant.setRetention({ days: 0 }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await trpcError(asAdmin.tenant.setRetention({ days: 100_000 }))).toMatchObject({ code: "BAD_REQUEST" });
    expect((await asAdmin.tenant.setRetention({ days: 90 })).days).toBe(90);
    expect((await asAdmin.tenant.setRetention({ days: null })).days).toBeNull();

    // An admin elsewhere changes their own organization, never this one.
    const other = await createChatScene({ action: "BOT", botUrl: "http://127.0.0.1:9/bot" });
    const { caller: stranger } = await callerFor(other.ownerId, other.tenantId);
    await stranger.tenant.setRetention({ days: 7 });
    expect((await asAdmin.tenant.retention()).days).toBeNull();
  });
});
