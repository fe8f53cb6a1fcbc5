/**
 * The System page's procedure: the runner in use (no Inngest configured here: the embedded
 * one), and the caller's tenant's PENDING, HELD and FAILED counts and oldest due retry, never
 * another tenant's; owners and admins only. Deliveries come from the real pipeline and a real
 * receiver on 127.0.0.1, plus rows the pipeline makes rarely (channel callbacks, held ones).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db/client";
import { embeddedWork } from "@/server/jobs/embedded-work";
import { deliveryScene } from "@/test/delivery-scene";
import { callerFor, createDeliveryRow, createIntegrationRow, createMember, createOwner } from "@/test/factories";
import { withOwnDatabase } from "@/test/own-database";
import { startReceiver, type Receiver } from "@/test/receiver";
import { expectTrpcError } from "@/test/trpc-errors";
import { deliverNow } from "./pipeline";

// Its deliveries must stay as the test leaves them: no other test file's runner may take the due ones (src/test/own-database.ts).
withOwnDatabase();

// No Inngest, whatever the machine running the tests has set.
vi.stubEnv("INNGEST_DEV", "");
vi.stubEnv("INNGEST_EVENT_KEY", "");
vi.stubEnv("INNGEST_SIGNING_KEY", "");
afterAll(() => vi.unstubAllEnvs());

let bot: Receiver;
beforeAll(async () => {
  bot = await startReceiver();
  bot.reply((request) => {
    const text = String(request.body.Message ?? "");
    if (text.startsWith("fail")) return { status: 500, body: "down" };
    if (text.startsWith("refuse")) return { status: 400, body: "unknown conversation" };
    return { status: 200 };
  });
});
afterAll(() => bot.close());

const work = embeddedWork(db());

/** A tenant with 2 PENDING (a retry and one behind it), 2 HELD and 2 FAILED (one a channel callback) deliveries, and 1 DELIVERED. */
async function busyTenant() {
  const scene = await deliveryScene({ action: "BOT", botPlatform: "IMI_BOT", botUrl: bot.url, callbackUrl: bot.url });
  const retry = await scene.say("u-retry", "fail now");
  const behind = await scene.say("u-retry", "then this");
  const refused = await scene.say("u-refused", "refuse it");
  const delivered = await scene.say("u-fine", "hello");
  await deliverNow(db(), [...retry.deliveryIds, ...behind.deliveryIds, ...refused.deliveryIds, ...delivered.deliveryIds], work);
  const inactive = await createIntegrationRow(scene.tenantId, { status: "INACTIVE" });
  for (let i = 0; i < 2; i += 1) {
    await createDeliveryRow(scene.tenantId, { integrationId: inactive.id, conversationId: delivered.conversationId, state: "HELD" });
  }
  await createDeliveryRow(scene.tenantId, { channelAssetId: scene.asset.id, state: "FAILED" });
  const retryRow = await db().delivery.findUniqueOrThrow({ where: { id: retry.deliveryIds[0]! } });
  expect(retryRow).toMatchObject({ state: "PENDING", attempts: 1 });
  return { scene, retryRow, refused, delivered };
}

describe("the System page's status", () => {
  it("counts the caller's tenant's deliveries per state and its oldest due retry, never another tenant's", async () => {
    const a = await busyTenant();
    const b = await busyTenant();
    // B's retries are due long before A's: A must still see its own.
    const bDue = new Date(Date.now() - 3_600_000);
    await db().delivery.update({ where: { id: b.retryRow.id }, data: { nextAttemptAt: bDue } });
    // And an earlier one still, to its channel's callback.
    const bCallback = await createDeliveryRow(b.scene.tenantId, { channelAssetId: b.scene.asset.id, state: "PENDING" });
    const bCallbackDue = new Date(Date.now() - 7_200_000);
    await db().delivery.update({ where: { id: bCallback.id }, data: { attempts: 1, scheduleAttempts: 1, nextAttemptAt: bCallbackDue } });

    const { caller: ownerA } = await callerFor(a.scene.ownerId, a.scene.tenantId);
    expect(await ownerA.system.status()).toEqual({
      runner: "embedded",
      mail: { transport: "folder", description: expect.stringContaining(".data/mail"), waiting: 0, failed: 0, lastError: null },
      counts: { PENDING: 2, HELD: 2, FAILED: 2 },
      oldestDueRetry: {
        deliveryId: a.retryRow.id,
        conversationId: a.retryRow.conversationId,
        at: a.retryRow.nextAttemptAt,
        receiverName: (await db().integration.findUniqueOrThrow({ where: { id: a.scene.bot.id } })).name,
      },
    });
    const { caller: ownerB } = await callerFor(b.scene.ownerId, b.scene.tenantId);
    expect(await ownerB.system.status()).toMatchObject({
      counts: { PENDING: 3, HELD: 2, FAILED: 2 },
      oldestDueRetry: { deliveryId: bCallback.id, at: bCallbackDue, receiverName: b.scene.asset.name },
    });

    // The counts link to the inspector, filtered to the conversations with deliveries in that state.
    const list = async (deliveryState: "PENDING" | "HELD" | "FAILED") =>
      (await ownerA.conversation.list({ deliveryState })).items.map((c) => c.id);
    expect(await list("PENDING")).toEqual([a.retryRow.conversationId]);
    expect(await list("FAILED")).toEqual([a.refused.conversationId]);
    expect(await list("HELD")).toEqual([a.delivered.conversationId]);
    expect((await ownerB.conversation.list({ deliveryState: "FAILED" })).items.map((c) => c.id)).toEqual([b.refused.conversationId]);
  });

  it("is zero and none for a new organization", async () => {
    const owner = await createOwner("Fresh");
    const { caller } = await callerFor(owner.userId, owner.tenantId);
    expect(await caller.system.status()).toEqual({
      runner: "embedded",
      counts: { PENDING: 0, HELD: 0, FAILED: 0 },
      oldestDueRetry: null,
      mail: { transport: "folder", description: expect.stringContaining(".data/mail"), waiting: 0, failed: 0, lastError: null },
    });
  });

  it("is for owners and admins: a viewer or an agent is refused", async () => {
    const owner = await createOwner("Roles");
    for (const role of ["VIEWER", "AGENT"] as const) {
      const member = await createMember(owner.tenantId, role);
      const { caller } = await callerFor(member.userId, owner.tenantId);
      await expectTrpcError(caller.system.status(), "FORBIDDEN", "This needs the ADMIN role or higher");
    }
    const admin = await createMember(owner.tenantId, "ADMIN");
    const { caller } = await callerFor(admin.userId, owner.tenantId);
    expect((await caller.system.status()).counts).toEqual({ PENDING: 0, HELD: 0, FAILED: 0 });
  });
});
