/**
 * An OTHERS bot sends its verification token back in every answer: neither the recorded
 * attempts nor anything a member reads (inspector, health, the integration's page) holds it,
 * nor an integration's other secrets. Rows recorded before redaction existed are redacted when read.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { attemptDelivery } from "@/server/delivery/attempt";
import { deliveryScene } from "@/test/delivery-scene";
import { callerFor, createAttemptRows, createDeliveryRow, createMember } from "@/test/factories";
import { startReceiver, type Receiver } from "@/test/receiver";

let bot: Receiver;
beforeAll(async () => {
  bot = await startReceiver();
});
afterAll(() => bot.close());

const scene = () => deliveryScene({ action: "BOT", botPlatform: "OTHERS", botUrl: bot.url });

async function viewerOf(tenantId: string) {
  const viewer = await createMember(tenantId, "VIEWER");
  return (await callerFor(viewer.userId, tenantId)).caller;
}

describe("secrets in recorded answers", () => {
  it("records an OTHERS bot's answers without its verification token, whether the attempt succeeded or failed", async () => {
    const s = await scene();
    bot.reply({ status: 200, body: JSON.stringify({ verificationToken: s.bot.token, reply: "ok" }) });
    const delivered = await s.say("u1", "hello");
    expect((await attemptDelivery(db(), delivered.deliveryIds[0]!)).outcome).toBe("DELIVERED");

    bot.reply({ status: 500, body: `broken, but here is ${s.bot.token} and ${s.bot.signingSecret}` });
    const failed = await s.say("u1", "again");
    expect((await attemptDelivery(db(), failed.deliveryIds[0]!)).outcome).toBe("FAILED_ATTEMPT");

    const attempts = await db().deliveryAttempt.findMany({ where: { deliveryId: { in: [...delivered.deliveryIds, ...failed.deliveryIds] } } });
    const deliveries = await db().delivery.findMany({ where: { id: { in: [...delivered.deliveryIds, ...failed.deliveryIds] } }, select: { lastError: true } });
    expect(attempts).toHaveLength(2);
    const stored = JSON.stringify({ attempts, deliveries });
    expect(stored).not.toContain(s.bot.token);
    expect(stored).not.toContain(s.bot.signingSecret);
    expect(stored).toContain("[redacted]");
    expect(attempts.find((a) => a.statusCode === 200)?.responseStart).toBe('{"verificationToken":"[redacted]","reply":"ok"}');

    // What a VIEWER reads: the inspector and the integration's health.
    const viewer = await viewerOf(s.tenantId);
    const shown = JSON.stringify([
      await viewer.conversation.get({ id: delivered.conversationId! }),
      await viewer.delivery.health({ integrationId: s.bot.id }),
    ]);
    expect(shown).not.toContain(s.bot.token);
    expect(shown).not.toContain(s.bot.signingSecret);
  });

  it("a failed Verify does not keep the token in the reason, the history or the list", async () => {
    const s = await scene();
    bot.reply({ status: 503, body: `token=${s.bot.token}` });
    const { caller: owner } = await callerFor(s.ownerId, s.tenantId);
    const outcome = await owner.integration.verify({ id: s.bot.id });
    expect(outcome.ok).toBe(false);
    expect(JSON.stringify(outcome)).not.toContain(s.bot.token);

    const viewer = await viewerOf(s.tenantId);
    const shown = JSON.stringify([await viewer.integration.get({ id: s.bot.id }), await viewer.integration.list()]);
    expect(shown).toContain("token=[redacted]");
    expect(shown).not.toContain(s.bot.token);
    const row = await db().integration.findUniqueOrThrow({ where: { id: s.bot.id }, select: { lastVerifyError: true } });
    expect(row.lastVerifyError).not.toContain(s.bot.token);
  });

  it("redacts rows recorded before redaction existed when they are shown", async () => {
    const s = await scene();
    const sent = await s.say("u2", "old times");
    const delivery = await createDeliveryRow(s.tenantId, { integrationId: s.bot.id, conversationId: sent.conversationId, state: "FAILED" });
    await createAttemptRows(delivery.id, [{ durationMs: 5, statusCode: 500, error: `HTTP 500: ${s.bot.token}`, responseStart: `echo ${s.bot.token}` }]);
    await db().delivery.update({ where: { id: delivery.id }, data: { lastError: `HTTP 500: ${s.bot.token} (the receiver refused it)` } });
    await db().integration.update({ where: { id: s.bot.id }, data: { lastVerifyError: `HTTP 500: ${s.bot.token}` } });
    await db().integrationEvent.create({ data: { tenantId: s.tenantId, integrationId: s.bot.id, type: "VERIFY_FAILED", detail: `HTTP 500: ${s.bot.token}` } });

    const viewer = await viewerOf(s.tenantId);
    const shown = JSON.stringify([
      await viewer.conversation.get({ id: sent.conversationId! }),
      await viewer.delivery.health({ integrationId: s.bot.id }),
      await viewer.integration.get({ id: s.bot.id }),
      await viewer.integration.list(),
    ]);
    expect(shown).toContain("echo [redacted]");
    expect(shown).not.toContain(s.bot.token);
  });
});
