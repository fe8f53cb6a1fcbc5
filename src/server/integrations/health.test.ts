import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { deliverNow } from "@/server/delivery/pipeline";
import { embeddedWork } from "@/server/jobs/embedded-work";
import { createChatScene } from "@/test/chat-scene";
import { api } from "@/test/api-client";
import { startReceiver, type Receiver } from "@/test/receiver";
import { callerFor, createAttemptRows, createDeliveryRow, createActiveIntegration, createMember, createOwner } from "@/test/factories";
import { HEALTH_WINDOW, percentile, RECENT_ATTEMPTS } from "./health";
import { trpcError } from "@/test/trpc-errors";

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

describe("percentile (nearest rank)", () => {
  it("is the smallest value with at least p% of the values at or below it", () => {
    const values = Array.from({ length: 20 }, (_, i) => (i + 1) * 10); // 10 … 200
    expect(percentile(values, 50)).toBe(100);
    expect(percentile(values, 95)).toBe(190);
    expect(percentile(values, 100)).toBe(200);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });
});

describe("integration health", () => {
  it("rates the last attempts, lists the latest ones and the deactivation history", async () => {
    const owner = await createOwner();
    const bot = await createActiveIntegration(owner.tenantId);
    const otherBot = await createActiveIntegration(owner.tenantId);

    // 20 attempts in the window: 1 … 20 minutes ago, durations 10 … 200 ms, every fourth one failed.
    const recent = await createDeliveryRow(owner.tenantId, { integrationId: bot.id, state: "DELIVERED", payload: { Event: "Incoming message" } });
    const firstStarted = minutesAgo(20);
    await createAttemptRows(
      recent.id,
      Array.from({ length: 20 }, (_, i) => ({
        startedAt: i === 0 ? firstStarted : minutesAgo(20 - i),
        durationMs: (i + 1) * 10,
        statusCode: i % 4 === 3 ? 500 : 200,
        error: i % 4 === 3 ? "HTTP 500: oops" : null,
      })),
    );
    // A network error without a status code counts as a failure too.
    const failed = await createDeliveryRow(owner.tenantId, { integrationId: bot.id, state: "FAILED", payload: { Event: "Handover" } });
    await createAttemptRows(failed.id, [{ startedAt: new Date(), durationMs: 5_000, statusCode: null, error: "timeout after 5000 ms" }]);
    // Another integration's attempts do not count.
    const elsewhere = await createDeliveryRow(owner.tenantId, { integrationId: otherBot.id, state: "FAILED" });
    await createAttemptRows(elsewhere.id, [{ durationMs: 1, error: "nope" }]);

    await db().integrationEvent.createMany({
      data: [
        { tenantId: owner.tenantId, integrationId: bot.id, type: "DEACTIVATED", detail: "5 consecutive failures", createdAt: minutesAgo(30) },
        { tenantId: owner.tenantId, integrationId: bot.id, type: "REACTIVATED", detail: "Verified again", createdAt: minutesAgo(25) },
        { tenantId: owner.tenantId, integrationId: bot.id, type: "VERIFIED", createdAt: minutesAgo(25) },
      ],
    });

    const viewer = await createMember(owner.tenantId, "VIEWER");
    const { caller } = await callerFor(viewer.userId, owner.tenantId);
    const health = await caller.delivery.health({ integrationId: bot.id });

    // 21 attempts: 15 succeeded (20 minus 5 failures), 6 failed.
    expect(health.window).toMatchObject({ attempts: 21, succeeded: 15, failed: 6 });
    expect(health.window.successRate).toBeCloseTo(15 / 21, 10);
    // Durations 10 … 200 and 5000: the 11th of 21 is 110, the 20th (ceil(0.95 × 21)) is 200.
    expect(health.window.p50Ms).toBe(110);
    expect(health.window.p95Ms).toBe(200);
    expect(health.window.since).toEqual(firstStarted);

    expect(health.recent).toHaveLength(21);
    expect(health.recent[0]).toMatchObject({ deliveryId: failed.id, ok: false, statusCode: null, error: "timeout after 5000 ms", durationMs: 5_000, event: "Handover" });
    expect(health.recent[1]).toMatchObject({ deliveryId: recent.id, number: 20, ok: false, statusCode: 500, error: "HTTP 500: oops", durationMs: 200 });
    expect(health.recent[2]).toMatchObject({ deliveryId: recent.id, number: 19, ok: true, statusCode: 200, error: null, durationMs: 190, event: "Incoming message" });
    expect(health.recent.map((a) => a.startedAt.getTime())).toEqual([...health.recent.map((a) => a.startedAt.getTime())].sort((a, b) => b - a));

    expect(health.deactivations.map((e) => [e.type, e.detail])).toEqual([
      ["REACTIVATED", "Verified again"],
      ["DEACTIVATED", "5 consecutive failures"],
    ]);
  });

  it(`counts only the last ${HEALTH_WINDOW} attempts and lists the last ${RECENT_ATTEMPTS}`, async () => {
    const owner = await createOwner();
    const bot = await createActiveIntegration(owner.tenantId);
    // 10 old, slow failures, then 200 fast successes.
    const old = await createDeliveryRow(owner.tenantId, { integrationId: bot.id, state: "FAILED" });
    await createAttemptRows(old.id, Array.from({ length: 10 }, (_, i) => ({ startedAt: minutesAgo(1_000 - i), durationMs: 4_000, error: "down" })));
    const fresh = await createDeliveryRow(owner.tenantId, { integrationId: bot.id, state: "DELIVERED" });
    await createAttemptRows(fresh.id, Array.from({ length: HEALTH_WINDOW }, (_, i) => ({ startedAt: minutesAgo(HEALTH_WINDOW - i), durationMs: 20, statusCode: 200 })));

    const { caller } = await callerFor(owner.userId, owner.tenantId);
    const health = await caller.delivery.health({ integrationId: bot.id });
    expect(health.window).toMatchObject({ attempts: HEALTH_WINDOW, succeeded: HEALTH_WINDOW, failed: 0, successRate: 1, p50Ms: 20, p95Ms: 20 });
    expect(health.recent).toHaveLength(RECENT_ATTEMPTS);
    expect(health.deactivations).toEqual([]);
  });

  describe("with real attempts", () => {
    let bot: Receiver;
    beforeAll(async () => {
      bot = await startReceiver();
    });
    afterAll(() => bot.close());

    it("counts the attempts the delivery pipeline records, succeeded and failed", async () => {
      const scene = await createChatScene({ action: "BOT", botPlatform: "IMI_BOT", botUrl: bot.url });
      const { caller } = await callerFor(scene.ownerId, scene.tenantId);
      bot.reply({ status: 200 });
      const first = await api.channelMessage(scene.asset.id, { token: scene.channelSecret, body: { userId: "h", message: "one" } });
      expect(first.status).toBe(202);
      await bot.waitForRequests(1);
      bot.reply({ status: 503 });
      // Delivered one by one, so the order of the attempts is known (the API's own first attempts run after its answer).
      const failing = await createDeliveryRow(scene.tenantId, { integrationId: scene.bot.id, payload: { Event: "Incoming message", Message: "two" } });
      await deliverNow(db(), [failing.id], embeddedWork(db()));

      await expect
        .poll(async () => (await caller.delivery.health({ integrationId: scene.bot.id })).window, { timeout: 5_000 })
        .toMatchObject({ attempts: 2, succeeded: 1, failed: 1, successRate: 0.5 });
      const health = await caller.delivery.health({ integrationId: scene.bot.id });
      expect(health.recent.map((attempt) => [attempt.statusCode, attempt.ok])).toEqual([
        [503, false],
        [200, true],
      ]);
    });
  });

  it("says nothing without attempts, and nothing about another tenant's integration", async () => {
    const owner = await createOwner();
    const desk = await createActiveIntegration(owner.tenantId, { platform: "BUILT_IN" });
    const { caller } = await callerFor(owner.userId, owner.tenantId);
    const health = await caller.delivery.health({ integrationId: desk.id });
    expect(health.integration.platform).toBe("BUILT_IN");
    expect(health.window).toEqual({ attempts: 0, succeeded: 0, failed: 0, successRate: null, p50Ms: null, p95Ms: null, since: null });
    expect(health.recent).toEqual([]);

    const other = await createOwner("Other");
    const { caller: outsider } = await callerFor(other.userId, other.tenantId);
    expect((await trpcError(outsider.delivery.health({ integrationId: desk.id }))).code).toBe("NOT_FOUND");
  });
});
