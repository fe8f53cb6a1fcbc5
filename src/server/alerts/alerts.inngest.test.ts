/**
 * Alerts under the Inngest runner: the real retry function (executed by @inngest/test) makes the
 * failing attempts, and the deactivation and the FAILED delivery are told exactly as under the
 * embedded runner, once, even when the deactivation's hand-off is delivered twice.
 */
import { InngestTestEngine } from "@inngest/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { deliverNow } from "@/server/delivery/pipeline";
import { RETRY_REQUESTED, type PipelineEvent } from "@/server/inngest/events";
import { deliveryRetriesFunction } from "@/server/inngest/functions/delivery-retries";
import { recordIntegrationDeactivationFunction } from "@/server/inngest/functions/integration-lifecycle";
import { inngestWork } from "@/server/inngest/inngest-work";
import { deliveryScene } from "@/test/delivery-scene";
import { createMember } from "@/test/factories";
import { withOwnDatabase } from "@/test/own-database";
import { startReceiver, type Receiver } from "@/test/receiver";

withOwnDatabase();

let bot: Receiver;
beforeAll(async () => {
  bot = await startReceiver();
});
afterAll(() => bot.close());

describe("alerts under Inngest", () => {
  it("a bot failing every retry: one deactivation alert and one delivery-failed alert, a notification each per member", async () => {
    const scene = await deliveryScene({ action: "BOT", botPlatform: "IMI_BOT", botUrl: bot.url });
    await createMember(scene.tenantId, "AGENT");
    bot.reply({ status: 503, body: "maintenance" });
    const events: PipelineEvent[] = [];
    const work = inngestWork(db(), async (batch) => {
      events.push(...batch);
    });
    const sent = await scene.say("u1", "hello");
    await deliverNow(db(), sent.deliveryIds, work);

    // Each retry as Inngest runs it: the sleep given as elapsed, the attempt step for real.
    let next: PipelineEvent | undefined = events.find((e) => e.name === RETRY_REQUESTED);
    while (next) {
      const { deliveryId } = next.data as { deliveryId: string };
      await db().delivery.updateMany({ where: { id: deliveryId, state: "PENDING" }, data: { nextAttemptAt: new Date() } });
      const run: { result?: unknown } = await new InngestTestEngine({ function: deliveryRetriesFunction }).execute({
        events: [{ name: next.name, data: next.data, id: next.id }],
        steps: [{ id: "wait-until-due", handler() {} }, { id: "schedule-next-retry", handler() {} }],
      });
      next = (run.result as { nextRetries: PipelineEvent[] }).nextRetries[0];
    }

    const integration = await db().integration.findUniqueOrThrow({ where: { id: scene.bot.id } });
    expect(integration.status).toBe("INACTIVE");
    expect(await db().delivery.findUniqueOrThrow({ where: { id: sent.deliveryIds[0]! } })).toMatchObject({ state: "FAILED" });

    // The lifecycle function gets the deactivation (twice: a resend) and adds no second alert.
    const announce = { name: "integration/deactivated", data: { integrationId: scene.bot.id, deactivatedAt: integration.deactivatedAt!.toISOString() } };
    for (let i = 0; i < 2; i += 1) await new InngestTestEngine({ function: recordIntegrationDeactivationFunction }).execute({ events: [announce] });

    const alerts = await db().alert.findMany({ where: { tenantId: scene.tenantId }, orderBy: { kind: "asc" } });
    expect(alerts.map((a) => a.kind).sort()).toEqual(["DELIVERY_FAILED", "INTEGRATION_DEACTIVATED"]);
    for (const alert of alerts) expect(await db().notification.count({ where: { alertId: alert.id } })).toBe(2);
    // The owner is mailed about the deactivation (on by default), not about the failed delivery (off by default).
    const mails = await db().outboundMail.findMany({ where: { tenantId: scene.tenantId }, select: { subject: true } });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain("was made inactive");
  });
});
