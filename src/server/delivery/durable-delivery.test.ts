/**
 * The delivery guarantees under the Inngest runner, with the real Inngest functions executed by
 * @inngest/test, the real database and real receivers on 127.0.0.1. (The embedded runner, the
 * default without Inngest, is covered in src/server/jobs/embedded-runner.test.ts.)
 */
import { InngestTestEngine } from "@inngest/test";
import { Inngest } from "inngest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptCustomerMessage } from "@/server/conversations/accept-customer-message";
import { loadRoutingContext } from "@/server/conversations/routing-context";
import { db, pool } from "@/server/db/client";
import { INTEGRATION_DEACTIVATED, INTEGRATION_REACTIVATED, RETRY_REQUESTED, type PipelineEvent } from "@/server/inngest/events";
import { deliveryRetriesFunction } from "@/server/inngest/functions/delivery-retries";
import { recordIntegrationDeactivationFunction, releaseHeldDeliveriesFunction } from "@/server/inngest/functions/integration-lifecycle";
import { inngestWork } from "@/server/inngest/inngest-work";
import { startEmbeddedRunner } from "@/server/jobs/embedded-runner";
import { sweep } from "@/server/jobs/sweep";
import { createChatScene } from "@/test/chat-scene";
import { startReceiver, type Receiver } from "@/test/receiver";
import { attemptDelivery } from "./attempt";
import { withOwnDatabase } from "@/test/own-database";
import { deliverNow } from "./pipeline";

withOwnDatabase();

let bot: Receiver;
beforeAll(async () => {
  bot = await startReceiver();
});
afterAll(() => bot.close());

/** An Inngest runner whose events are recorded as Inngest would receive them. */
function recorder() {
  const events: PipelineEvent[] = [];
  const work = inngestWork(db(), async (batch) => {
    events.push(...batch);
  });
  return { events, work, of: (name: string) => events.filter((e) => e.name === name) };
}

async function sceneWithBot() {
  const scene = await createChatScene({ action: "BOT", botUrl: bot.url });
  const context = await loadRoutingContext(pool(), scene.asset.id);
  if (!context) throw new Error("no context");
  const say = (userId: string, text: string) => acceptCustomerMessage(db(), context, { userId, text, messageType: "text" });
  return { scene, say, reload: async () => (await loadRoutingContext(pool(), scene.asset.id))! };
}

const botAnswers = (token: string, failFirst: number, marker: string) => {
  let calls = 0;
  bot.reply((request) => {
    if (!JSON.stringify(request.body).includes(marker)) return { status: 200, body: token };
    calls += 1;
    return calls <= failFirst ? { status: 500, body: "bot is down" } : { status: 200, body: token };
  });
};

// @inngest/test cannot wait out a sleep (it hangs on one), so the sleep is given as elapsed and
// the delivery's row is made due; the attempt step runs for real. One run is one retry: a
// failure hands the next one back as a new event.
async function runRetry(event: PipelineEvent) {
  const { deliveryId } = event.data as { deliveryId: string };
  await db().delivery.updateMany({ where: { id: deliveryId, state: "PENDING" }, data: { nextAttemptAt: new Date() } });
  return new InngestTestEngine({ function: deliveryRetriesFunction }).execute({
    events: [{ name: event.name, data: event.data, id: event.id }],
    steps: [{ id: "wait-until-due", handler() {} }, { id: "schedule-next-retry", handler() {} }],
  });
}

/** Runs retry after retry, as Inngest would, until no new retry is requested; returns each run's result. */
async function runAllRetries(pipeline: ReturnType<typeof recorder>) {
  const results: { outcome: string; nextRetries: PipelineEvent[] }[] = [];
  let next = pipeline.of(RETRY_REQUESTED)[0];
  while (next) {
    const result = (await runRetry(next)).result as { outcome: string; nextRetries: PipelineEvent[] };
    results.push(result);
    next = result.nextRetries[0];
  }
  return results;
}

const attemptsOf = (deliveryId: string) => db().deliveryAttempt.findMany({ where: { deliveryId }, orderBy: { number: "asc" } });

describe("retries under Inngest", () => {
  it("a receiver that fails twice then succeeds: three attempts, delivered; retries due at the schedule's times", async () => {
    const { scene, say } = await sceneWithBot();
    botAnswers(scene.bot.token, 2, "twice-then-ok");
    const sent = await say("u1", "twice-then-ok");
    const pipeline = recorder();
    await deliverNow(db(), sent.deliveryIds, pipeline.work);
    const [retry] = pipeline.of(RETRY_REQUESTED);
    expect(retry?.id).toBe(`retry-${sent.deliveryIds[0]}-1`);
    // Retries are scheduled from the failed first attempt: +60 s, +300 s, … (DELIVERY_RETRY_SCHEDULE).
    const firstAttemptAt = (await attemptsOf(sent.deliveryIds[0]!))[0]!.startedAt.getTime();
    expect(retry!.data).toMatchObject({ dueAt: new Date(firstAttemptAt + 60_000).toISOString() });
    const retried = await db().delivery.findUniqueOrThrow({ where: { id: sent.deliveryIds[0] } });
    expect(retried.nextAttemptAt?.getTime()).toBe(firstAttemptAt + 60_000);
    expect(retried.retryScheduledAt).not.toBeNull();

    const results = await runAllRetries(pipeline);
    expect(results.map((r) => r.outcome)).toEqual(["FAILED_ATTEMPT", "DELIVERED"]);
    expect(results[0]!.nextRetries[0]!.data).toMatchObject({ dueAt: new Date(firstAttemptAt + 300_000).toISOString() });
    const attempts = await attemptsOf(sent.deliveryIds[0]!);
    expect(attempts.map((a) => [a.number, a.statusCode])).toEqual([[1, 500], [2, 500], [3, 200]]);
    expect(attempts[0]).toMatchObject({ error: "HTTP 500: bot is down", responseStart: "bot is down" });
    expect(await db().delivery.findUniqueOrThrow({ where: { id: sent.deliveryIds[0] } })).toMatchObject({ state: "DELIVERED", attempts: 3 });
    expect(await db().integration.findUniqueOrThrow({ where: { id: scene.bot.id } })).toMatchObject({ consecutiveFailures: 0, status: "ACTIVE" });
  });

  it("a receiver that always fails: 1 + 4 attempts, FAILED, integration INACTIVE; later deliveries HELD; verify again releases them in order", async () => {
    const { scene, say, reload } = await sceneWithBot();
    botAnswers(scene.bot.token, Number.POSITIVE_INFINITY, "always-fails");
    const sent = await say("u1", "always-fails");
    const pipeline = recorder();
    await deliverNow(db(), sent.deliveryIds, pipeline.work);
    const results = await runAllRetries(pipeline);
    expect(results.map((r) => r.outcome)).toEqual(Array(4).fill("FAILED_ATTEMPT"));
    expect(results[3]!.nextRetries).toEqual([]);

    const deliveryId = sent.deliveryIds[0]!;
    expect((await attemptsOf(deliveryId)).map((a) => a.number)).toEqual([1, 2, 3, 4, 5]);
    expect(await db().delivery.findUniqueOrThrow({ where: { id: deliveryId } })).toMatchObject({ state: "FAILED" });
    const integration = await db().integration.findUniqueOrThrow({ where: { id: scene.bot.id } });
    expect(integration).toMatchObject({ status: "INACTIVE", consecutiveFailures: 5 });

    // The last retry's run could not reach Inngest (none runs here) to announce the deactivation,
    // so it wrote the history entry itself; the Inngest function, when the event arrives, adds nothing.
    const announce = { name: INTEGRATION_DEACTIVATED, data: { integrationId: scene.bot.id, deactivatedAt: integration.deactivatedAt!.toISOString() } };
    const record = () => new InngestTestEngine({ function: recordIntegrationDeactivationFunction }).execute({ events: [announce] });
    expect((await record()).result).toBe("ALREADY_RECORDED");
    const events = await db().integrationEvent.findMany({ where: { integrationId: scene.bot.id, type: "DEACTIVATED" } });
    expect(events).toHaveLength(1);
    expect(events[0]!.detail).toContain("5 consecutive failed attempts");
    const swept = recorder();
    await sweep(db(), swept.work, new Date(Date.now() + 60_000));
    expect(swept.of(INTEGRATION_DEACTIVATED).filter((e) => "integrationId" in e.data && e.data.integrationId === scene.bot.id)).toHaveLength(0);

    // New messages for the inactive bot are held, not attempted.
    botAnswers(scene.bot.token, 0, "held-");
    const before = bot.requests.length;
    const context = await reload();
    for (const text of ["held-1", "held-2", "held-3"]) {
      const accepted = await acceptCustomerMessage(db(), context, { userId: "u1", text, messageType: "text" });
      await deliverNow(db(), accepted.deliveryIds, pipeline.work);
    }
    expect(await db().delivery.count({ where: { integrationId: scene.bot.id, state: "HELD" } })).toBe(3);
    expect(bot.requests.length).toBe(before);

    // Verify again (ACTIVE) → the release event → its function sends the held deliveries in their original order.
    await db().integration.update({ where: { id: scene.bot.id }, data: { status: "ACTIVE", consecutiveFailures: 0, deactivatedAt: null } });
    const release = recorder();
    await release.work.integrationReactivated(scene.bot.id);
    const [reactivated] = release.of(INTEGRATION_REACTIVATED);
    expect(reactivated).toBeDefined();
    const { result: released } = await new InngestTestEngine({ function: releaseHeldDeliveriesFunction }).execute({ events: [{ name: reactivated!.name, data: reactivated!.data }] });
    expect(released).toEqual({ released: 3 });
    const arrived = (await bot.waitForRequests(before + 3)).slice(before).map((r) => r.body.Message);
    expect(arrived).toEqual(["held-1", "held-2", "held-3"]);
    expect(await db().delivery.findUniqueOrThrow({ where: { id: deliveryId } })).toMatchObject({ state: "FAILED" });
  });

  it("a duplicate retry event delivers once", async () => {
    const { scene, say } = await sceneWithBot();
    botAnswers(scene.bot.token, 1, "duplicate-retry");
    const sent = await say("u1", "duplicate-retry");
    const pipeline = recorder();
    await deliverNow(db(), sent.deliveryIds, pipeline.work);
    const event = pipeline.of(RETRY_REQUESTED)[0]!;
    const [first, second] = await Promise.all([runRetry(event), runRetry(event)]);
    expect([first.result, second.result].map((r) => (r as { outcome: string }).outcome).sort()).toEqual(["DELIVERED", "SKIPPED"]);
    expect(bot.requests.filter((r) => r.body.Message === "duplicate-retry")).toHaveLength(2); // the failure and one success
  });

  it("keeps one conversation's deliveries in order: a later one waits while an earlier one is retrying", async () => {
    const { scene, say } = await sceneWithBot();
    botAnswers(scene.bot.token, 1, "order-");
    const pipeline = recorder();
    const first = await say("same-user", "order-1");
    await deliverNow(db(), first.deliveryIds, pipeline.work); // fails: now in its retry schedule
    const second = await say("same-user", "order-2");
    await deliverNow(db(), second.deliveryIds, pipeline.work);
    expect(await attemptDelivery(db(), second.deliveryIds[0]!)).toEqual({ outcome: "WAITING" });
    expect(bot.requests.filter((r) => r.body.Message === "order-2")).toHaveLength(0);

    await runAllRetries(pipeline);
    const order = bot.requests.map((r) => r.body.Message).filter((m) => m === "order-1" || m === "order-2");
    expect(order).toEqual(["order-1", "order-1", "order-2"]);
    expect(await db().delivery.findUniqueOrThrow({ where: { id: second.deliveryIds[0] } })).toMatchObject({ state: "DELIVERED", attempts: 1 });
  });
});

describe("nothing lost with Inngest configured", () => {
  it("Inngest unreachable when the retry is requested: the retry stays unscheduled and the embedded runner takes it when due", async () => {
    const { scene, say } = await sceneWithBot();
    botAnswers(scene.bot.token, 1, "inngest-down");
    const sent = await say("u1", "inngest-down");
    // A real Inngest client pointed at a closed port.
    const down = new Inngest({ id: "switchboard-test", isDev: true, baseUrl: "http://127.0.0.1:9" });
    const work = inngestWork(db(), (events) => down.send(events));
    await deliverNow(db(), sent.deliveryIds, work);
    const deliveryId = sent.deliveryIds[0]!;
    expect(await db().delivery.findUniqueOrThrow({ where: { id: deliveryId } })).toMatchObject({ attempts: 1, retryScheduledAt: null, state: "PENDING" });

    await db().delivery.update({ where: { id: deliveryId }, data: { nextAttemptAt: new Date(Date.now() - 1_000) } });
    const runner = startEmbeddedRunner(db(), work, { pollMs: 60_000 });
    try {
      await runner.poll();
    } finally {
      await runner.stop();
    }
    expect(await db().delivery.findUniqueOrThrow({ where: { id: deliveryId } })).toMatchObject({ state: "DELIVERED", attempts: 2 });
  }, 30_000);

  it("a retry Inngest accepted is left to Inngest unless it is long overdue", async () => {
    const { scene, say } = await sceneWithBot();
    botAnswers(scene.bot.token, 1, "inngest-owns");
    const sent = await say("u1", "inngest-owns");
    const pipeline = recorder();
    await deliverNow(db(), sent.deliveryIds, pipeline.work);
    const deliveryId = sent.deliveryIds[0]!;
    await db().delivery.update({ where: { id: deliveryId }, data: { nextAttemptAt: new Date(Date.now() - 1_000) } });
    const runner = startEmbeddedRunner(db(), pipeline.work, { pollMs: 60_000 });
    try {
      await runner.poll();
      expect(await db().delivery.findUniqueOrThrow({ where: { id: deliveryId } })).toMatchObject({ state: "PENDING", attempts: 1 });
      await db().delivery.update({ where: { id: deliveryId }, data: { nextAttemptAt: new Date(Date.now() - 10 * 60_000) } });
      await runner.poll();
    } finally {
      await runner.stop();
    }
    expect(await db().delivery.findUniqueOrThrow({ where: { id: deliveryId } })).toMatchObject({ state: "DELIVERED", attempts: 2 });
  });

  it("with Inngest unreachable, verifying again releases the held deliveries right away, in order", async () => {
    const { scene, reload } = await sceneWithBot();
    await db().integration.update({ where: { id: scene.bot.id }, data: { status: "INACTIVE", deactivatedAt: new Date() } });
    botAnswers(scene.bot.token, 0, "offline-release-");
    const context = await reload();
    for (const text of ["offline-release-1", "offline-release-2"]) {
      await acceptCustomerMessage(db(), context, { userId: "waiting", text, messageType: "text" });
    }
    expect(await db().delivery.count({ where: { integrationId: scene.bot.id, state: "HELD" } })).toBe(2);
    await db().integration.update({ where: { id: scene.bot.id }, data: { status: "ACTIVE", deactivatedAt: null } });
    const before = bot.requests.length;
    const unreachable = inngestWork(db(), async () => {
      throw new Error("connect ECONNREFUSED");
    });
    await unreachable.integrationReactivated(scene.bot.id);
    expect(bot.requests.slice(before).map((r) => r.body.Message)).toEqual(["offline-release-1", "offline-release-2"]);
    expect(await db().delivery.count({ where: { integrationId: scene.bot.id, state: "DELIVERED" } })).toBe(2);
  });
});

describe("deactivation", () => {
  it("concurrent failures count once each and deactivate exactly once", async () => {
    const { scene, say } = await sceneWithBot();
    bot.reply({ status: 503, body: "overloaded" });
    const sent = await Promise.all(Array.from({ length: 8 }, (_, i) => say(`user-${i}`, "concurrent-failure")));
    const outcomes = await Promise.all(sent.map((s) => attemptDelivery(db(), s.deliveryIds[0]!)));
    const failed = outcomes.filter((o) => o.outcome === "FAILED_ATTEMPT");
    const held = outcomes.filter((o) => o.outcome === "HELD");
    expect(failed.length + held.length).toBe(8);
    expect(failed.filter((o) => o.outcome === "FAILED_ATTEMPT" && o.deactivated)).toHaveLength(1);
    const integration = await db().integration.findUniqueOrThrow({ where: { id: scene.bot.id } });
    expect(integration.status).toBe("INACTIVE");
    // Failures that land after the deactivation do not count on: the count stops at the threshold.
    expect(failed.length).toBeGreaterThanOrEqual(5);
    expect(integration.consecutiveFailures).toBe(5);
  });

  it("the deactivation function records the history entry once", async () => {
    const { scene } = await sceneWithBot();
    const deactivatedAt = new Date();
    await db().integration.update({ where: { id: scene.bot.id }, data: { status: "INACTIVE", deactivatedAt } });
    const announce = { name: INTEGRATION_DEACTIVATED, data: { integrationId: scene.bot.id, deactivatedAt: deactivatedAt.toISOString() } };
    const record = () => new InngestTestEngine({ function: recordIntegrationDeactivationFunction }).execute({ events: [announce] });
    expect((await record()).result).toBe("RECORDED");
    expect((await record()).result).toBe("ALREADY_RECORDED");
    expect(await db().integrationEvent.count({ where: { integrationId: scene.bot.id, type: "DEACTIVATED" } })).toBe(1);
  });

  it("deactivating holds the integration's deliveries that wait for a retry", async () => {
    const { scene, say } = await sceneWithBot();
    bot.reply({ status: 500, body: "down" });
    const sent = [];
    for (let i = 0; i < 5; i += 1) sent.push(await say(`hold-${i}`, "hold-on-deactivation"));
    for (const s of sent) await attemptDelivery(db(), s.deliveryIds[0]!);
    expect((await db().integration.findUniqueOrThrow({ where: { id: scene.bot.id } })).status).toBe("INACTIVE");
    const states = await db().delivery.findMany({ where: { integrationId: scene.bot.id }, select: { state: true } });
    expect(states.map((d) => d.state)).toEqual(Array(5).fill("HELD"));
  });

  it("a success resets the count", async () => {
    const { scene, say } = await sceneWithBot();
    botAnswers(scene.bot.token, 3, "reset-count");
    for (let i = 0; i < 3; i += 1) {
      const sent = await say(`reset-${i}`, "reset-count");
      await attemptDelivery(db(), sent.deliveryIds[0]!);
    }
    expect((await db().integration.findUniqueOrThrow({ where: { id: scene.bot.id } })).consecutiveFailures).toBe(3);
    const ok = await say("reset-ok", "reset-count");
    expect(await attemptDelivery(db(), ok.deliveryIds[0]!)).toMatchObject({ outcome: "DELIVERED" });
    expect((await db().integration.findUniqueOrThrow({ where: { id: scene.bot.id } })).consecutiveFailures).toBe(0);
  });
});

describe("the attempt", () => {
  it("times out at 5 s on a receiver that sends headers and then stalls the body", async () => {
    const { scene, say } = await sceneWithBot();
    bot.reply({ status: 200, body: "partial", stallBody: true });
    const sent = await say("slow", "slow-body");
    const outcome = await attemptDelivery(db(), sent.deliveryIds[0]!);
    expect(outcome).toMatchObject({ outcome: "FAILED_ATTEMPT", reason: "timed out after 5 s" });
    const [attempt] = await attemptsOf(sent.deliveryIds[0]!);
    expect(attempt!.durationMs).toBeGreaterThanOrEqual(4_900);
    expect(attempt!.durationMs).toBeLessThan(6_500);
    void scene;
  }, 15_000);
});
