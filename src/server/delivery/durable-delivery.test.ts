/**
 * The delivery guarantees, with the real Inngest functions executed by @inngest/test, the
 * real database and real receivers on 127.0.0.1.
 */
import { InngestTestEngine } from "@inngest/test";
import { Inngest } from "inngest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptCustomerMessage } from "@/server/conversations/accept-customer-message";
import { loadRoutingContext } from "@/server/conversations/routing-context";
import { db, pool } from "@/server/db/client";
import { deliveryRetries } from "@/server/inngest/functions/delivery-retries";
import { recordIntegrationDeactivation, releaseHeldDeliveries as releaseFunction } from "@/server/inngest/functions/integration-lifecycle";
import { releaseHeldDeliveries } from "@/server/integrations/release-held-deliveries";
import { createChatScene } from "@/test/chat-scene";
import { startReceiver, type Receiver } from "@/test/receiver";
import { attemptDelivery } from "./attempt";
import { deliverNow } from "./deliver-now";
import { INTEGRATION_DEACTIVATED, INTEGRATION_REACTIVATED, RETRY_REQUESTED, type EventSender, type PipelineEvent } from "./events";
import { runRelay } from "./relay";

let bot: Receiver;
beforeAll(async () => {
  bot = await startReceiver();
});
afterAll(() => bot.close());

/** Records the events the pipeline sends, as Inngest would receive them. */
function recorder() {
  const events: PipelineEvent[] = [];
  const send: EventSender = async (batch) => {
    events.push(...batch);
  };
  return { events, send, of: (name: string) => events.filter((e) => e.name === name) };
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

// @inngest/test cannot wait out a sleep (it hangs on one), so each sleep is given as elapsed;
// every other step, the attempts included, runs for real. A fresh array per run: the engine
// appends the steps it ran to the array it is given.
const elapsedSleeps = () => [1, 2, 3, 4].map((n) => ({ id: `wait-for-retry-${n}`, handler() {} }));
const runRetries = (event: PipelineEvent) =>
  new InngestTestEngine({ function: deliveryRetries }).execute({
    events: [{ name: event.name, data: event.data, id: event.id }],
    steps: elapsedSleeps(),
  });

const attemptsOf = (deliveryId: string) => db().deliveryAttempt.findMany({ where: { deliveryId }, orderBy: { number: "asc" } });

describe("retries", () => {
  it("a receiver that fails twice then succeeds: three attempts, delivered", async () => {
    const { scene, say } = await sceneWithBot();
    botAnswers(scene.bot.token, 2, "twice-then-ok");
    const sent = await say("u1", "twice-then-ok");
    const pipeline = recorder();
    await deliverNow(db(), sent.deliveryIds, pipeline.send);
    const [retry] = pipeline.of(RETRY_REQUESTED);
    expect(retry?.id).toBe(`retry-${sent.deliveryIds[0]}-1`);

    const { result, ctx } = await runRetries(retry!);
    expect(result).toMatchObject({ outcome: "DELIVERED", retries: 2 });
    // Retries are scheduled from the failed first attempt: +60 s, +300 s, … (DELIVERY_RETRY_SCHEDULE).
    const firstAttemptAt = (await attemptsOf(sent.deliveryIds[0]!))[0]!.startedAt.getTime();
    expect(ctx.step.sleepUntil).toHaveBeenCalledWith("wait-for-retry-1", new Date(firstAttemptAt + 60_000));
    expect(ctx.step.sleepUntil).toHaveBeenCalledWith("wait-for-retry-2", new Date(firstAttemptAt + 300_000));
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
    await deliverNow(db(), sent.deliveryIds, pipeline.send);
    const { result } = await runRetries(pipeline.of(RETRY_REQUESTED)[0]!);
    expect(result).toMatchObject({ retries: 4 });

    const deliveryId = sent.deliveryIds[0]!;
    expect((await attemptsOf(deliveryId)).map((a) => a.number)).toEqual([1, 2, 3, 4, 5]);
    expect(await db().delivery.findUniqueOrThrow({ where: { id: deliveryId } })).toMatchObject({ state: "FAILED" });
    const integration = await db().integration.findUniqueOrThrow({ where: { id: scene.bot.id } });
    expect(integration).toMatchObject({ status: "INACTIVE", consecutiveFailures: 5 });

    // The retry run could not reach Inngest to announce the deactivation, so it wrote the
    // history entry itself; the Inngest function, when the event does arrive, adds nothing.
    expect(await db().integrationEvent.count({ where: { integrationId: scene.bot.id, type: "DEACTIVATED" } })).toBe(1);
    const announce = { name: INTEGRATION_DEACTIVATED, data: { integrationId: scene.bot.id, deactivatedAt: integration.deactivatedAt!.toISOString() } };
    const record = () => new InngestTestEngine({ function: recordIntegrationDeactivation }).execute({ events: [announce] });
    expect((await record()).result).toBe("ALREADY_RECORDED");
    const relayed = recorder();
    await runRelay(db(), relayed.send);
    expect(relayed.of(INTEGRATION_DEACTIVATED).filter((e) => "integrationId" in e.data && e.data.integrationId === scene.bot.id)).toHaveLength(0);
    expect(await db().integrationEvent.count({ where: { integrationId: scene.bot.id, type: "DEACTIVATED" } })).toBe(1);

    // New messages for the inactive bot are held, not attempted.
    botAnswers(scene.bot.token, 0, "held-");
    const before = bot.requests.length;
    const context = await reload();
    const held = [];
    for (const text of ["held-1", "held-2", "held-3"]) {
      const accepted = await acceptCustomerMessage(db(), context, { userId: "u1", text, messageType: "text" });
      await deliverNow(db(), accepted.deliveryIds, pipeline.send);
      held.push(accepted.messageId);
    }
    expect(await db().delivery.count({ where: { integrationId: scene.bot.id, state: "HELD" } })).toBe(3);
    expect(bot.requests.length).toBe(before);

    // Verify again (ACTIVE) → the release runs → the held deliveries arrive in their original order.
    await db().integration.update({ where: { id: scene.bot.id }, data: { status: "ACTIVE", consecutiveFailures: 0, deactivatedAt: null } });
    const release = recorder();
    await releaseHeldDeliveries(db(), { tenantId: scene.tenantId, integrationId: scene.bot.id }, release.send);
    const [reactivated] = release.of(INTEGRATION_REACTIVATED);
    expect(reactivated).toBeDefined();
    const { result: released } = await new InngestTestEngine({ function: releaseFunction }).execute({ events: [{ name: reactivated!.name, data: reactivated!.data }] });
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
    await deliverNow(db(), sent.deliveryIds, pipeline.send);
    const event = pipeline.of(RETRY_REQUESTED)[0]!;
    const [first, second] = await Promise.all([runRetries(event), runRetries(event)]);
    expect([first.result, second.result].map((r) => (r as { outcome: string }).outcome).sort()).toEqual(["DELIVERED", "SKIPPED"]);
    expect(bot.requests.filter((r) => r.body.Message === "duplicate-retry")).toHaveLength(2); // the failure and one success
  });

  it("keeps one conversation's deliveries in order: a later one waits while an earlier one is retrying", async () => {
    const { scene, say } = await sceneWithBot();
    botAnswers(scene.bot.token, 1, "order-");
    const pipeline = recorder();
    const first = await say("same-user", "order-1");
    await deliverNow(db(), first.deliveryIds, pipeline.send); // fails: now in its retry schedule
    const second = await say("same-user", "order-2");
    await deliverNow(db(), second.deliveryIds, pipeline.send);
    expect(await attemptDelivery(db(), second.deliveryIds[0]!)).toEqual({ outcome: "WAITING" });
    expect(bot.requests.filter((r) => r.body.Message === "order-2")).toHaveLength(0);

    await runRetries(pipeline.of(RETRY_REQUESTED)[0]!);
    const order = bot.requests.map((r) => r.body.Message).filter((m) => m === "order-1" || m === "order-2");
    expect(order).toEqual(["order-1", "order-1", "order-2"]);
    expect(await db().delivery.findUniqueOrThrow({ where: { id: second.deliveryIds[0] } })).toMatchObject({ state: "DELIVERED", attempts: 1 });
  });
});

describe("nothing lost", () => {
  it("Inngest unreachable when the retry is requested: the relay sends it once Inngest is back", async () => {
    const { scene, say } = await sceneWithBot();
    botAnswers(scene.bot.token, 1, "inngest-down");
    const sent = await say("u1", "inngest-down");
    const inngestApi = await startReceiver();
    try {
      // A real Inngest client: first pointed at a closed port, then at a stand-in event API.
      const down = new Inngest({ id: "switchboard-test", isDev: true, baseUrl: "http://127.0.0.1:9" });
      await deliverNow(db(), sent.deliveryIds, (events) => down.send(events).then(() => undefined));
      const deliveryId = sent.deliveryIds[0]!;
      expect(await db().delivery.findUniqueOrThrow({ where: { id: deliveryId } })).toMatchObject({ attempts: 1, retryScheduledAt: null });

      inngestApi.reply({ status: 200, body: JSON.stringify({ ids: ["evt"], status: 200 }), headers: { "content-type": "application/json" } });
      const up = new Inngest({ id: "switchboard-test", isDev: true, baseUrl: inngestApi.url.replace("/hook", "") });
      const later = new Date(Date.now() + 31_000);
      const report = await runRelay(db(), (events) => up.send(events).then(() => undefined), later);
      expect(report.retriesScheduled).toBeGreaterThanOrEqual(1);
      const sentEvents = inngestApi.requests.flatMap((r) => (Array.isArray(JSON.parse(r.rawBody)) ? JSON.parse(r.rawBody) : [JSON.parse(r.rawBody)])) as { id: string; name: string }[];
      expect(sentEvents).toContainEqual(expect.objectContaining({ id: `retry-${deliveryId}-1`, name: RETRY_REQUESTED }));
      expect((await db().delivery.findUniqueOrThrow({ where: { id: deliveryId } })).retryScheduledAt).not.toBeNull();
    } finally {
      await inngestApi.close();
    }
  }, 30_000);

  it("a crash between the commit and the first attempt: the relay delivers it", async () => {
    const { scene, say } = await sceneWithBot();
    botAnswers(scene.bot.token, 0, "crash-after-commit");
    const sent = await say("u1", "crash-after-commit"); // committed; the process "dies" before deliverNow
    const before = bot.requests.length;
    const notYet = await runRelay(db(), recorder().send, new Date());
    expect(notYet.firstAttempts).toBe(0); // within the grace period the first-attempt path still owns it

    const report = await runRelay(db(), recorder().send, new Date(Date.now() + 31_000));
    expect(report.firstAttempts).toBeGreaterThanOrEqual(1);
    expect(bot.requests.slice(before).map((r) => r.body.Message)).toContain("crash-after-commit");
    expect(await db().delivery.findUniqueOrThrow({ where: { id: sent.deliveryIds[0] } })).toMatchObject({ state: "DELIVERED", attempts: 1 });
  });

  it("two relays at once never take the same delivery", async () => {
    const { scene, say } = await sceneWithBot();
    botAnswers(scene.bot.token, 0, "two-relays");
    const sent = await Promise.all([1, 2, 3, 4].map((i) => say(`relay-${i}`, "two-relays")));
    const later = new Date(Date.now() + 31_000);
    await Promise.all([runRelay(db(), recorder().send, later), runRelay(db(), recorder().send, later)]);
    for (const { deliveryIds } of sent) {
      expect(await attemptsOf(deliveryIds[0]!)).toHaveLength(1);
    }
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
    const unreachable: EventSender = async () => {
      throw new Error("connect ECONNREFUSED");
    };
    await releaseHeldDeliveries(db(), { tenantId: scene.tenantId, integrationId: scene.bot.id }, unreachable);
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
    expect(integration.consecutiveFailures).toBe(failed.length);
  });

  it("the deactivation function records the history entry once", async () => {
    const { scene } = await sceneWithBot();
    const deactivatedAt = new Date();
    await db().integration.update({ where: { id: scene.bot.id }, data: { status: "INACTIVE", deactivatedAt } });
    const announce = { name: INTEGRATION_DEACTIVATED, data: { integrationId: scene.bot.id, deactivatedAt: deactivatedAt.toISOString() } };
    const record = () => new InngestTestEngine({ function: recordIntegrationDeactivation }).execute({ events: [announce] });
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
