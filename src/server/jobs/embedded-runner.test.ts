/**
 * The default setup, no Inngest: every durable rule kept by the embedded runner on the real
 * database, with real receivers on 127.0.0.1 and a retry schedule of seconds.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db/client";
import { deliverNow } from "@/server/delivery/pipeline";
import { replayDelivery } from "@/server/delivery/replay";
import { deliveryScene, eventually, pendingDeliveries, runEmbedded } from "@/test/delivery-scene";
import { embeddedWork } from "./embedded-work";
import { sweep } from "./sweep";
import { withOwnDatabase } from "@/test/own-database";
import { startReceiver, type Receiver } from "@/test/receiver";

withOwnDatabase();

vi.stubEnv("DELIVERY_RETRY_SCHEDULE", "1,2,3,4");
afterAll(() => vi.unstubAllEnvs());

let bot: Receiver;
let ccsp: Receiver;
beforeAll(async () => {
  [bot, ccsp] = await Promise.all([startReceiver(), startReceiver()]);
});
afterAll(async () => {
  await Promise.all([bot.close(), ccsp.close()]);
});

let stopRunner: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stopRunner?.();
  stopRunner = undefined;
  bot.reply({ status: 200 });
  ccsp.reply({ status: 200 });
});

function runner() {
  const started = runEmbedded();
  stopRunner = () => started.runner.stop();
  return started;
}

const attemptsOf = (deliveryId: string) => db().deliveryAttempt.findMany({ where: { deliveryId }, orderBy: { number: "asc" } });
const deliveryOf = (id: string) => db().delivery.findUniqueOrThrow({ where: { id } });
const forMessage = (marker: string) => (r: { body: Record<string, unknown> }) => r.body.Message === marker;

/** Answers requests carrying `marker` from `plans` in turn (the last one repeats); others 200. */
function answers(receiver: Receiver, marker: string, plans: Parameters<Receiver["reply"]>[0][]) {
  let calls = 0;
  receiver.reply((request) => {
    if (request.body.Message !== marker) return { status: 200 };
    const plan = plans[Math.min(calls++, plans.length - 1)]!;
    return typeof plan === "function" ? plan(request) : plan;
  });
}

describe("retries without Inngest", () => {
  it("a receiver failing twice then succeeding is delivered on the second retry, at the schedule's times", async () => {
    const scene = await deliveryScene({ action: "BOT", botPlatform: "IMI_BOT", botUrl: bot.url });
    answers(bot, "twice", [{ status: 500, body: "down" }, { status: 502 }, { status: 200 }]);
    const { work } = runner();
    const sent = await scene.say("u1", "twice");
    await deliverNow(db(), sent.deliveryIds, work);
    const delivered = await eventually(() => deliveryOf(sent.deliveryIds[0]!), (d) => d.state === "DELIVERED");
    expect(delivered.attempts).toBe(3);
    const attempts = await attemptsOf(delivered.id);
    const first = attempts[0]!.startedAt.getTime();
    // Retries at 1 s and 2 s after the first attempt (DELIVERY_RETRY_SCHEDULE=1,2,3,4), within ±2 s.
    expect(attempts[1]!.startedAt.getTime() - first).toBeGreaterThanOrEqual(1_000);
    expect(attempts[1]!.startedAt.getTime() - first).toBeLessThan(3_000);
    expect(attempts[2]!.startedAt.getTime() - first).toBeGreaterThanOrEqual(2_000);
    expect(attempts[2]!.startedAt.getTime() - first).toBeLessThan(4_000);
  });

  it("one always failing ends FAILED after 1 + 4 attempts; the message behind it is HELD (not stuck) and goes once verified; the FAILED one can be replayed", async () => {
    const scene = await deliveryScene({ action: "BOT", botPlatform: "IMI_BOT", botUrl: bot.url });
    answers(bot, "always", [{ status: 500 }]);
    const { work } = runner();
    const sent = await scene.say("u1", "always");
    const after = await scene.say("u1", "behind it");
    await deliverNow(db(), [...sent.deliveryIds, ...after.deliveryIds], work);
    const failed = await eventually(() => deliveryOf(sent.deliveryIds[0]!), (d) => d.state !== "PENDING");
    expect(failed.state).toBe("FAILED");
    expect((await attemptsOf(failed.id)).map((a) => a.number)).toEqual([1, 2, 3, 4, 5]);
    expect(failed.lastError).toContain("no retries left");
    // Five failed attempts made the integration INACTIVE: the message queued behind is HELD, not stuck.
    expect(await db().integration.findUniqueOrThrow({ where: { id: scene.bot.id } })).toMatchObject({ status: "INACTIVE" });
    expect(await deliveryOf(after.deliveryIds[0]!)).toMatchObject({ state: "HELD" });

    // Verified again: the held one goes; an admin replays the FAILED one.
    bot.reply({ status: 200 });
    await db().integration.update({ where: { id: scene.bot.id }, data: { status: "ACTIVE", consecutiveFailures: 0 } });
    await work.integrationReactivated(scene.bot.id);
    expect(await deliveryOf(after.deliveryIds[0]!)).toMatchObject({ state: "DELIVERED" });
    expect(await replayDelivery(db(), { userId: scene.ownerId, tenantId: scene.tenantId, role: "ADMIN" }, failed.id, work)).toMatchObject({ outcome: "DELIVERED", attempt: 6 });
  });

  it("two runners on one database never attempt the same delivery twice", async () => {
    const scene = await deliveryScene({ action: "BOT", botPlatform: "IMI_BOT", botUrl: bot.url });
    bot.reply({ status: 200, delayMs: 20 });
    const accepted = [];
    // Accepted, never attempted (their process "died"), already past the first attempt's grace.
    for (let i = 0; i < 40; i += 1) accepted.push(await scene.say(`two-${i}`, "two runners"));
    const ids = accepted.flatMap((a) => a.deliveryIds);
    await db().delivery.updateMany({ where: { id: { in: ids } }, data: { nextAttemptAt: new Date(Date.now() - 1_000) } });
    const before = bot.requests.length;
    const one = runEmbedded(50);
    const two = runEmbedded(50);
    try {
      await eventually(() => db().delivery.count({ where: { id: { in: ids }, state: "DELIVERED" } }), (n) => n === ids.length);
    } finally {
      await Promise.all([one.runner.stop(), two.runner.stop()]);
    }
    const webhookIds = bot.requests.slice(before).map((r) => r.headers["webhook-id"]);
    expect(webhookIds).toHaveLength(ids.length);
    expect(new Set(webhookIds).size).toBe(ids.length);
  });
});

describe("receiver-aware outcomes", () => {
  it("410 Gone makes the integration INACTIVE at once and holds its deliveries; the history says why", async () => {
    const scene = await deliveryScene({ action: "BOT", botPlatform: "IMI_BOT", botUrl: bot.url });
    answers(bot, "gone", [{ status: 410, body: "this bot was retired" }]);
    const { work } = runner();
    const sent = await scene.say("u1", "gone");
    await deliverNow(db(), sent.deliveryIds, work);
    expect(await deliveryOf(sent.deliveryIds[0]!)).toMatchObject({ state: "HELD", attempts: 1 });
    expect(await db().integration.findUniqueOrThrow({ where: { id: scene.bot.id } })).toMatchObject({
      status: "INACTIVE",
      consecutiveFailures: 1,
      deactivationReason: "the receiver answered 410 Gone",
    });
    const history = await db().integrationEvent.findFirstOrThrow({ where: { integrationId: scene.bot.id, type: "DEACTIVATED" } });
    expect(history.detail).toContain("410 Gone");
  });

  it("429 with Retry-After: the next attempt is not before it", async () => {
    const scene = await deliveryScene({ action: "BOT", botPlatform: "IMI_BOT", botUrl: bot.url });
    answers(bot, "slow down", [{ status: 429, headers: { "retry-after": "3" } }, { status: 200 }]);
    const { work } = runner();
    const sent = await scene.say("u1", "slow down");
    await deliverNow(db(), sent.deliveryIds, work);
    const waiting = await deliveryOf(sent.deliveryIds[0]!);
    const first = (await attemptsOf(waiting.id))[0]!.startedAt.getTime();
    // The schedule's first retry would be at +1 s; Retry-After says +3 s.
    expect(waiting.nextAttemptAt!.getTime() - first).toBeGreaterThanOrEqual(2_900);
    await eventually(() => deliveryOf(waiting.id), (d) => d.state === "DELIVERED");
    const [, second] = await attemptsOf(waiting.id);
    expect(second!.startedAt.getTime() - first).toBeGreaterThanOrEqual(2_900);
  });

  it("503 with a Retry-After date past the end of the schedule fails the delivery (replayable) instead of waiting past the hour", async () => {
    const scene = await deliveryScene({ action: "BOT", botPlatform: "IMI_BOT", botUrl: bot.url });
    answers(bot, "maintenance", [{ status: 503, headers: { "retry-after": new Date(Date.now() + 3_600_000).toUTCString() } }]);
    const sent = await scene.say("u1", "maintenance");
    await deliverNow(db(), sent.deliveryIds, runner().work);
    const delivery = await deliveryOf(sent.deliveryIds[0]!);
    expect(delivery.state).toBe("FAILED");
    expect(delivery.lastError).toContain("Retry-After");
  });

  it("503 without Retry-After and a 3xx are retried on the schedule", async () => {
    const scene = await deliveryScene({ action: "BOT", botPlatform: "IMI_BOT", botUrl: bot.url });
    answers(bot, "flaky", [{ status: 503 }, { status: 302, headers: { location: "http://127.0.0.1:9/elsewhere" } }, { status: 200 }]);
    const { work } = runner();
    const sent = await scene.say("u1", "flaky");
    await deliverNow(db(), sent.deliveryIds, work);
    await eventually(() => deliveryOf(sent.deliveryIds[0]!), (d) => d.state === "DELIVERED");
    expect((await attemptsOf(sent.deliveryIds[0]!)).map((a) => a.statusCode)).toEqual([503, 302, 200]);
  });

  it.each([400, 404, 422])("%i fails the delivery at once, counting one consecutive failure; the next message still goes", async (status) => {
    const scene = await deliveryScene({ action: "BOT", botPlatform: "IMI_BOT", botUrl: bot.url });
    answers(bot, "refused", [{ status, body: "no such conversation" }]);
    const { work } = runner();
    const sent = await scene.say("u1", "refused");
    const next = await scene.say("u1", "accepted");
    await deliverNow(db(), [...sent.deliveryIds, ...next.deliveryIds], work);
    const refused = await deliveryOf(sent.deliveryIds[0]!);
    expect(refused).toMatchObject({ state: "FAILED", attempts: 1 });
    expect(refused.lastError).toContain(`HTTP ${status}`);
    await eventually(() => deliveryOf(next.deliveryIds[0]!), (d) => d.state === "DELIVERED");
    const attempts = await attemptsOf(refused.id);
    expect(attempts).toHaveLength(1);
  });

  it.each([408, 409, 425])("%i is retried", async (status) => {
    const scene = await deliveryScene({ action: "BOT", botPlatform: "IMI_BOT", botUrl: bot.url });
    answers(bot, "again", [{ status }, { status: 200 }]);
    const { work } = runner();
    const sent = await scene.say("u1", "again");
    await deliverNow(db(), sent.deliveryIds, work);
    expect(await deliveryOf(sent.deliveryIds[0]!)).toMatchObject({ state: "PENDING" });
    await eventually(() => deliveryOf(sent.deliveryIds[0]!), (d) => d.state === "DELIVERED");
  });
});

describe("nothing stuck", () => {
  it("a receiver answering NUL bytes or invalid UTF-8 is recorded (a sanitised copy), never stuck", async () => {
    const scene = await deliveryScene({ action: "BOT", botPlatform: "IMI_BOT", botUrl: bot.url });
    answers(bot, "nul ok", [{ status: 200, body: "ok\u0000\u0000done" }]);
    const { work } = runner();
    const ok = await scene.say("u1", "nul ok");
    await deliverNow(db(), ok.deliveryIds, work);
    expect(await deliveryOf(ok.deliveryIds[0]!)).toMatchObject({ state: "DELIVERED" });
    expect((await attemptsOf(ok.deliveryIds[0]!))[0]!.responseStart).toBe("ok\uFFFD\uFFFDdone");

    answers(bot, "bad bytes", [{ status: 500, body: Buffer.from([0x62, 0x61, 0x64, 0xff, 0xfe, 0x00, 0xc3]) }, { status: 200 }]);
    const bad = await scene.say("u2", "bad bytes");
    await deliverNow(db(), bad.deliveryIds, work);
    const [failedAttempt] = await attemptsOf(bad.deliveryIds[0]!);
    // 0xff 0xfe: invalid; NUL: not storable; 0xc3: a character cut short. Each becomes U+FFFD.
    expect(failedAttempt!.responseStart).toBe("bad\uFFFD\uFFFD\uFFFD\uFFFD");
    expect(failedAttempt!.error).toBe("HTTP 500: bad\uFFFD\uFFFD\uFFFD\uFFFD");
    await eventually(() => deliveryOf(bad.deliveryIds[0]!), (d) => d.state === "DELIVERED");
    expect(await pendingDeliveries([scene.tenantId])).toEqual([]);
  });

  it("an attempt cut off by a dying process (claim expired) is recorded as interrupted and made again", async () => {
    const scene = await deliveryScene({ action: "BOT", botPlatform: "IMI_BOT", botUrl: bot.url });
    const sent = await scene.say("u1", "cut off");
    const id = sent.deliveryIds[0]!;
    // A process claimed it, POSTed it and died before recording: the claim is all that is left.
    await db().delivery.update({ where: { id }, data: { attempts: 1, scheduleAttempts: 1, claimedUntil: new Date(Date.now() - 1_000) } });
    bot.reply({ status: 200 });
    runner();
    const delivered = await eventually(() => deliveryOf(id), (d) => d.state === "DELIVERED");
    expect(delivered.attempts).toBe(2);
    const attempts = await attemptsOf(id);
    expect(attempts.map((a) => [a.number, a.statusCode])).toEqual([[1, null], [2, 200]]);
    expect(attempts[0]!.error).toMatch(/^interrupted: .*same webhook-id/);
  });
});

describe("isolation between receivers", () => {
  it("at most 8 attempts in flight to one receiver; another receiver is not slowed", async () => {
    const slow = await startReceiver();
    let inFlight = 0;
    let most = 0;
    slow.reply(() => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      setTimeout(() => (inFlight -= 1), 400);
      return { status: 200, delayMs: 400 };
    });
    try {
      const hanging = await deliveryScene({ action: "BOT", botPlatform: "IMI_BOT", botUrl: slow.url });
      const quick = await deliveryScene({ action: "BOT", botPlatform: "IMI_BOT", botUrl: bot.url });
      bot.reply({ status: 200 });
      const { work } = runner();
      const many = await Promise.all(Array.from({ length: 24 }, (_, i) => hanging.say(`slow-${i}`, "to the slow bot")));
      const pending = deliverNow(db(), many.flatMap((m) => m.deliveryIds), work);
      const other = await quick.say("quick", "to the quick bot");
      const startedAt = Date.now();
      await deliverNow(db(), other.deliveryIds, work);
      expect(Date.now() - startedAt).toBeLessThan(300);
      expect(await deliveryOf(other.deliveryIds[0]!)).toMatchObject({ state: "DELIVERED" });
      await pending;
      await eventually(() => db().delivery.count({ where: { tenantId: hanging.tenantId, state: "DELIVERED" } }), (n) => n === 24);
      expect(most).toBe(8);
    } finally {
      await slow.close();
    }
  });

  it("once an integration is INACTIVE no new attempt starts, and its failure count stops at the threshold", async () => {
    const hangs = await startReceiver();
    hangs.reply({ status: 504, delayMs: 200 });
    try {
      const scene = await deliveryScene({ action: "BOT", botPlatform: "IMI_BOT", botUrl: hangs.url });
      const { work } = runner();
      const many = await Promise.all(Array.from({ length: 30 }, (_, i) => scene.say(`h-${i}`, "hangs")));
      await deliverNow(db(), many.flatMap((m) => m.deliveryIds), work);
      const integration = await db().integration.findUniqueOrThrow({ where: { id: scene.bot.id } });
      expect(integration).toMatchObject({ status: "INACTIVE", consecutiveFailures: 5 });
      // Only what was already in flight when the fifth failure landed went out: at most 8 + 4.
      expect(hangs.requests.length).toBeLessThanOrEqual(12);
      expect(await db().delivery.count({ where: { tenantId: scene.tenantId, state: "HELD" } })).toBe(30);
    } finally {
      await hangs.close();
    }
  });
});

describe("no customer left waiting for a dead bot", () => {
  it("when the bot becomes INACTIVE, every stranded customer is handed to the CCSP, their messages in order; the bot later gets CCSP copies", async () => {
    const scene = await deliveryScene({ action: "BOT_CCSP", botPlatform: "IMI_BOT", botUrl: bot.url, ccspUrl: ccsp.url });
    bot.reply({ status: 500, body: "bot crashed" });
    ccsp.reply({ status: 200 });
    const { work } = runner();
    const anna1 = await scene.say("anna", "anna first");
    const ben = await scene.say("ben", "ben only");
    const anna2 = await scene.say("anna", "anna second");
    await deliverNow(db(), [...anna1.deliveryIds, ...ben.deliveryIds, ...anna2.deliveryIds], work);
    // Two first attempts failed; three more failures (other customers) make the bot INACTIVE.
    const others = await Promise.all([1, 2, 3].map((i) => scene.say(`other-${i}`, `other ${i}`)));
    await deliverNow(db(), others.flatMap((o) => o.deliveryIds), work);
    expect((await db().integration.findUniqueOrThrow({ where: { id: scene.bot.id } })).status).toBe("INACTIVE");

    const toCcsp = await eventually(
      async () => ccsp.requests.filter((r) => r.body.Event === "Incoming message").map((r) => [r.body.Message, r.body.ConversationType]),
      (messages) => messages.length === 6,
    );
    const annas = toCcsp.filter(([text]) => String(text).startsWith("anna"));
    expect(annas).toEqual([["anna first", "CCSP"], ["anna second", "CCSP"]]);
    expect(ccsp.requests.filter((r) => r.body.Event === "Handover").map((r) => r.body.Reason)).toEqual(Array(5).fill("bot unavailable"));
    const annaConversation = await db().conversation.findUniqueOrThrow({ where: { id: anna1.conversationId! } });
    expect(annaConversation.activeCcspConversationId).not.toBeNull();

    // The bot is verified again: its held deliveries go out as copies it must not answer.
    bot.reply({ status: 200 });
    await db().integration.update({ where: { id: scene.bot.id }, data: { status: "ACTIVE", consecutiveFailures: 0 } });
    const before = bot.requests.length;
    await work.integrationReactivated(scene.bot.id);
    const copies = bot.requests.slice(before).filter(forMessage("anna first"));
    expect(copies.map((r) => r.body.ConversationType)).toEqual(["CCSP"]);
    expect(await pendingDeliveries([scene.tenantId])).toEqual([]);
  });

  it("a customer whose message failed just after the deactivation is handed over by the sweep", async () => {
    const scene = await deliveryScene({ action: "BOT_CCSP", botPlatform: "IMI_BOT", botUrl: bot.url, ccspUrl: ccsp.url });
    ccsp.reply({ status: 200 });
    const sent = await scene.say("dora", "late failure");
    // As a failure in flight while the bot was deactivated leaves it: the bot INACTIVE, the message HELD.
    await db().integration.update({ where: { id: scene.bot.id }, data: { status: "INACTIVE", deactivatedAt: new Date(), deactivationReason: "test" } });
    await db().delivery.update({ where: { id: sent.deliveryIds[0]! }, data: { state: "HELD", attempts: 1 } });
    const before = ccsp.requests.length;
    await sweep(db(), embeddedWork(db()));
    const conversation = await db().conversation.findUniqueOrThrow({ where: { id: sent.conversationId! } });
    expect(conversation.activeCcspConversationId).not.toBeNull();
    const forThisOne = (from: number) =>
      ccsp.requests.slice(from).filter((r) => r.body.BotConversationid === conversation.id || r.body.Conversationid === conversation.activeCcspConversationId);
    expect(forThisOne(before).map((r) => r.body.Event)).toEqual(["Handover", "Incoming message"]);
    const again = ccsp.requests.length;
    await sweep(db(), embeddedWork(db()));
    expect(forThisOne(again)).toEqual([]);
  });

  it("with the rule's second choice, a customer message's failed first attempt hands over at once", async () => {
    const scene = await deliveryScene({ action: "BOT_CCSP", botPlatform: "IMI_BOT", botUrl: bot.url, ccspUrl: ccsp.url });
    await db().rule.updateMany({ where: { serviceId: scene.service.id }, data: { handoverOnFirstFailure: true } });
    answers(bot, "first failure", [{ status: 500 }]);
    ccsp.reply({ status: 200 });
    const before = ccsp.requests.length;
    const { work } = runner();
    const sent = await scene.say("cara", "first failure");
    await deliverNow(db(), sent.deliveryIds, work);
    const events = ccsp.requests.slice(before).map((r) => [r.body.Event, r.body.Message ?? r.body.Reason]);
    expect(events).toEqual([["Handover", "bot unavailable"], ["Incoming message", "first failure"]]);
    expect((await db().integration.findUniqueOrThrow({ where: { id: scene.bot.id } })).status).toBe("ACTIVE");
  });
});

