/**
 * The inspector says, for every delivery not yet delivered, why it waits and when its next
 * attempt is due: each reason produced by the real pipeline (real database, a real receiver on
 * 127.0.0.1, no runner in the background so nothing moves while the timeline is read).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db/client";
import { deliverInOrder, deliverNow } from "@/server/delivery/pipeline";
import { GONE_REASON } from "@/server/delivery/record-attempt";
import { embeddedWork } from "@/server/jobs/embedded-work";
import { deliveryScene } from "@/test/delivery-scene";
import { callerFor } from "@/test/factories";
import { withOwnDatabase } from "@/test/own-database";
import { startReceiver, type Receiver } from "@/test/receiver";
import type { DeliveryView, TimelineItem } from "./timeline";
import { waitReason, type WaitFacts } from "./wait-reason";

// Its deliveries must stay as the test leaves them: no other test file's runner may take the due ones (src/test/own-database.ts).
withOwnDatabase();

// The first retry one second after the first attempt (so a test can make it at once), the next ones later.
vi.stubEnv("DELIVERY_RETRY_SCHEDULE", "1,600,1200,1800");
afterAll(() => vi.unstubAllEnvs());

let bot: Receiver;
beforeAll(async () => {
  bot = await startReceiver();
  // The test's messages say how the bot answers them.
  bot.reply((request) => {
    const text = String(request.body.Message ?? "");
    if (text.startsWith("fail")) return { status: 500, body: "down" };
    if (text.startsWith("refuse")) return { status: 400, body: "unknown conversation" };
    if (text.startsWith("gone")) return { status: 410, body: "retired" };
    if (text.startsWith("slow")) return { status: 200, delayMs: 1_500 };
    return { status: 200 };
  });
});
afterAll(() => bot.close());

const work = embeddedWork(db());
const deliveriesOf = (items: TimelineItem[]): DeliveryView[] => items.flatMap((i) => (i.type === "DELIVERY" ? [i.delivery] : i.deliveries));

async function waitOf(scene: { ownerId: string; tenantId: string }, conversationId: string, deliveryId: string) {
  const { caller } = await callerFor(scene.ownerId, scene.tenantId);
  const timeline = await caller.conversation.get({ id: conversationId });
  return deliveriesOf(timeline.items).find((d) => d.id === deliveryId)!.wait;
}

describe("why a delivery waits, in the inspector", () => {
  it("retry n of 4 at its time; waiting behind the earlier delivery of the conversation; first attempt due; none once delivered", async () => {
    const scene = await deliveryScene({ action: "BOT", botPlatform: "IMI_BOT", botUrl: bot.url });
    const first = await scene.say("u-retry", "fail every time");
    const firstId = first.deliveryIds[0]!;
    // Accepted, its first attempt not made yet (it runs after the response).
    expect(await waitOf(scene, first.conversationId!, firstId)).toEqual({ kind: "FIRST_ATTEMPT", at: null });

    await deliverNow(db(), first.deliveryIds, work);
    let row = await db().delivery.findUniqueOrThrow({ where: { id: firstId } });
    expect(await waitOf(scene, first.conversationId!, firstId)).toEqual({ kind: "RETRY", retry: 1, of: 4, at: row.nextAttemptAt });

    // The first retry (due one second after the first attempt) fails too: retry 2 of 4 is ten minutes after the first attempt.
    expect(await deliverInOrder(db(), firstId, work)).toMatchObject({ outcome: "FAILED_ATTEMPT", next: "RETRY" });
    row = await db().delivery.findUniqueOrThrow({ where: { id: firstId } });
    expect(row.nextAttemptAt!.getTime() - row.scheduleStartedAt!.getTime()).toBe(600_000);
    expect(await waitOf(scene, first.conversationId!, firstId)).toEqual({ kind: "RETRY", retry: 2, of: 4, at: row.nextAttemptAt });

    // The customer's next message waits behind it, and says which delivery it waits for.
    const second = await scene.say("u-retry", "ok then");
    await deliverNow(db(), second.deliveryIds, work);
    expect(second.conversationId).toBe(first.conversationId);
    expect(await waitOf(scene, first.conversationId!, second.deliveryIds[0]!)).toEqual({ kind: "WAITING_BEHIND", deliveryId: firstId });

    // Another conversation's delivery, to the same bot, waits for nothing.
    const other = await scene.say("u-other", "hello");
    await deliverNow(db(), other.deliveryIds, work);
    expect(await waitOf(scene, other.conversationId!, other.deliveryIds[0]!)).toBeNull();
  });

  it("in flight while an attempt is being made", async () => {
    const scene = await deliveryScene({ action: "BOT", botPlatform: "IMI_BOT", botUrl: bot.url });
    const sent = await scene.say("u-slow", "slow answer");
    const before = bot.requests.length;
    const attempt = deliverNow(db(), sent.deliveryIds, work);
    await bot.waitForRequests(before + 1);
    expect(await waitOf(scene, sent.conversationId!, sent.deliveryIds[0]!)).toEqual({ kind: "IN_FLIGHT", attempt: 1 });
    await attempt;
    expect(await waitOf(scene, sent.conversationId!, sent.deliveryIds[0]!)).toBeNull();
  });

  it("held: the integration is inactive, and why", async () => {
    const scene = await deliveryScene({ action: "BOT", botPlatform: "IMI_BOT", botUrl: bot.url });
    const sent = await scene.say("u-gone", "gone for good");
    await deliverNow(db(), sent.deliveryIds, work);
    const { name } = await db().integration.findUniqueOrThrow({ where: { id: scene.bot.id } });
    const held = { kind: "HELD", integrationName: name, integrationStatus: "INACTIVE", reason: GONE_REASON };
    expect(await waitOf(scene, sent.conversationId!, sent.deliveryIds[0]!)).toEqual(held);
    // What the customer writes next is held from the start, for the same reason.
    const next = await scene.say("u-gone", "anyone?");
    const nextRow = await db().delivery.findFirstOrThrow({ where: { messageId: next.messageId } });
    expect(nextRow.state).toBe("HELD");
    expect(await waitOf(scene, sent.conversationId!, nextRow.id)).toEqual(held);
  });

  it("failed: the last error, replayable", async () => {
    const scene = await deliveryScene({ action: "BOT", botPlatform: "IMI_BOT", botUrl: bot.url });
    const sent = await scene.say("u-refused", "refuse this");
    await deliverNow(db(), sent.deliveryIds, work);
    const row = await db().delivery.findUniqueOrThrow({ where: { id: sent.deliveryIds[0]! } });
    expect(row.state).toBe("FAILED");
    expect(row.lastError).toContain("HTTP 400");
    expect(await waitOf(scene, sent.conversationId!, row.id)).toEqual({ kind: "FAILED", lastError: row.lastError });
  });
});

describe("the states a test cannot hold still", () => {
  const now = new Date("2026-12-01T10:00:00Z");
  const pending: WaitFacts = {
    id: "dlv_b",
    state: "PENDING",
    seq: 2n,
    attempts: 1,
    scheduleAttempts: 1,
    nextAttemptAt: new Date("2026-12-01T10:01:00Z"),
    claimedUntil: null,
    lastError: "HTTP 500",
    integration: { name: "Bot", status: "ACTIVE", deactivationReason: null },
  };
  const context = { now, retries: 4 };

  it("an expired claim is an interrupted attempt, due again at once", () => {
    expect(waitReason({ ...pending, claimedUntil: new Date("2026-12-01T09:59:00Z") }, { id: "dlv_b", seq: 2n }, context)).toEqual({
      kind: "INTERRUPTED",
      attempt: 1,
    });
  });

  it("a released delivery starts a new schedule", () => {
    expect(waitReason({ ...pending, scheduleAttempts: 0, nextAttemptAt: null }, undefined, context)).toEqual({ kind: "DUE", attempt: 2, at: null });
  });

  it("a PENDING delivery to an inactive integration is held by its next claim; a claim in force is in flight whatever else", () => {
    const inactive = { ...pending, integration: { name: "Bot", status: "INACTIVE", deactivationReason: "5 consecutive failed attempts" } };
    expect(waitReason(inactive, { id: "dlv_a", seq: 1n }, context)).toEqual({
      kind: "HELD",
      integrationName: "Bot",
      integrationStatus: "INACTIVE",
      reason: "5 consecutive failed attempts",
    });
    expect(waitReason({ ...inactive, claimedUntil: new Date("2026-12-01T10:00:20Z") }, undefined, context)).toEqual({ kind: "IN_FLIGHT", attempt: 1 });
  });
});
