/**
 * Alerts end to end on the real database: a bot on 127.0.0.1 answering 500 until it is
 * deactivated, two app processes' runners (child processes) racing for the work, a real SMTP
 * server and a real operational webhook receiver on 127.0.0.1. Each alert is told exactly once:
 * one notification per member, one mail per opted-in owner or admin, one signed webhook.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db/client";
import { sweep } from "@/server/jobs/sweep";
import { embeddedWork } from "@/server/jobs/embedded-work";
import { checkWebhook } from "@/server/webhooks/standard-webhooks";
import { deliveryScene, eventually } from "@/test/delivery-scene";
import { callerFor, createMember, createOwner } from "@/test/factories";
import { withOwnDatabase } from "@/test/own-database";
import { startReceiver, type Receiver, type ReceivedRequest } from "@/test/receiver";
import { startRunnerProcess, type RunnerProcess } from "@/test/runner-processes";
import { startSmtpServer, type TestSmtpServer } from "@/test/smtp-server";
import { expectTrpcError } from "@/test/trpc-errors";
import { alertIntegrationDeactivated, HELD_ALERT_AFTER_MS } from "./integration-alerts";

withOwnDatabase();

vi.stubEnv("DELIVERY_RETRY_SCHEDULE", "1,2,3,4");
afterAll(() => vi.unstubAllEnvs());

let bot: Receiver;
let hooks: Receiver;
let smtp: TestSmtpServer;
beforeAll(async () => {
  [bot, hooks, smtp] = await Promise.all([startReceiver(), startReceiver(), startSmtpServer()]);
});
afterAll(async () => {
  await Promise.all([bot?.close(), hooks?.close(), smtp?.close()]);
});

/** Two app processes' embedded runners, as two `npm start` behind a load balancer would run. */
async function twoRunners(): Promise<RunnerProcess[]> {
  const env = {
    DATABASE_URL: process.env.DATABASE_URL!,
    DELIVERY_RETRY_SCHEDULE: "1,2,3,4",
    DELIVERY_FIRST_ATTEMPT_GRACE_SECONDS: "1",
    ALLOW_PRIVATE_WEBHOOK_URLS: "true",
    SMTP_URL: smtp.url,
    MAIL_FROM: "Switchboard <alerts@example.test>",
  };
  return Promise.all([startRunnerProcess(env), startRunnerProcess(env)]);
}

const ofType = (type: string) => (r: ReceivedRequest) => r.body.type === type;
const alertsOf = (tenantId: string, kind: string) => db().alert.findMany({ where: { tenantId, kind: kind as never } });

/** A tenant with a bot, its whole team, and an operational webhook endpoint for every event. */
async function team() {
  const scene = await deliveryScene({ action: "BOT", botPlatform: "IMI_BOT", botUrl: bot.url });
  const admin = await createMember(scene.tenantId, "ADMIN");
  const quietAdmin = await createMember(scene.tenantId, "ADMIN");
  const agent = await createMember(scene.tenantId, "AGENT");
  const viewer = await createMember(scene.tenantId, "VIEWER");
  const owner = await db().user.findUniqueOrThrow({ where: { id: scene.ownerId } });
  // This admin wants no deactivation mails; the default for everyone else.
  await (await callerFor(quietAdmin.userId)).caller.alert.setPreference({ kind: "INTEGRATION_DEACTIVATED", email: false });
  const { caller } = await callerFor(scene.ownerId);
  const created = await caller.webhookEndpoint.create({
    url: hooks.url,
    description: "Our on-call system",
    events: ["integration.deactivated", "integration.reactivated", "delivery.failed"],
  });
  const members = [scene.ownerId, admin.userId, quietAdmin.userId, agent.userId, viewer.userId];
  return { scene, caller, owner, admin, quietAdmin, agent, viewer, members, endpoint: created.endpoint, secret: created.signingSecret };
}

async function notificationsOf(alertId: string) {
  return db().notification.findMany({ where: { alertId }, select: { userId: true, tenantId: true } });
}

describe("alerts with two app processes racing", () => {
  let runners: RunnerProcess[] = [];
  afterAll(async () => {
    await Promise.all(runners.map((r) => r.stop()));
  });

  it("a bot deactivated by failures, then verified again: each alert once per member, per opted-in admin and per endpoint", async () => {
    const t = await team();
    bot.reply({ status: 500, body: "bot is down" });
    runners = await twoRunners();
    // Three customers at once, so both runners fail attempts side by side.
    const sent = await Promise.all(["u1", "u2", "u3"].map((user) => t.scene.say(user, `hello from ${user}`)));

    await eventually(
      () => db().integration.findUniqueOrThrow({ where: { id: t.scene.bot.id } }),
      (i) => i.status === "INACTIVE",
    );
    // The signed webhook reaches the tenant's receiver (sent by whichever runner claims it).
    await eventually(async () => hooks.requests.filter(ofType("integration.deactivated")).length, (n) => n >= 1);
    await smtp.waitForMails(2, (m) => m.subject.includes("was made inactive"));

    // Noticing it again (another process, the sweep) adds nothing.
    expect(await db().$transaction((tx) => alertIntegrationDeactivated(tx, t.scene.bot.id))).toBe(false);
    await sweep(db(), embeddedWork(db()), new Date(Date.now() + 60_000));

    const [deactivated, ...more] = await alertsOf(t.scene.tenantId, "INTEGRATION_DEACTIVATED");
    expect(more).toHaveLength(0);
    expect(deactivated!.title).toContain("was made inactive");
    expect(deactivated!.body).toContain("5 consecutive failed attempts");
    const notes = await notificationsOf(deactivated!.id);
    expect(notes.map((n) => n.userId).sort()).toEqual([...t.members].sort());
    expect(new Set(notes.map((n) => n.tenantId))).toEqual(new Set([t.scene.tenantId]));

    // Mail: the owner and the admin who kept the default; not the admin who opted out, nor agent or viewer.
    const mails = await db().outboundMail.findMany({ where: { tenantId: t.scene.tenantId, dedupeKey: { startsWith: `alert:${deactivated!.id}:` } } });
    expect(mails.map((m) => m.to).sort()).toEqual([t.owner.email, t.admin.email].sort());
    const received = await smtp.waitForMails(2, (m) => m.subject.includes("was made inactive"));
    expect(received.flatMap((m) => m.to).sort()).toEqual([t.owner.email, t.admin.email].sort());
    expect(received[0]!.text).toContain("5 consecutive failed attempts");
    expect(received[0]!.html).toContain("Open it in Switchboard");

    // Deliveries: the first ones fail until the fifth failure; what waits is HELD.
    const states = await db().delivery.findMany({ where: { id: { in: sent.flatMap((s) => s.deliveryIds) } }, select: { state: true } });
    expect(states.every((d) => d.state === "HELD" || d.state === "FAILED")).toBe(true);

    // Verify again, twice at the same time (two admins clicking): reactivated once.
    bot.reply({ status: 200 });
    const adminCaller = (await callerFor(t.admin.userId)).caller;
    const results = await Promise.allSettled([t.caller.integration.verify({ id: t.scene.bot.id }), adminCaller.integration.verify({ id: t.scene.bot.id })]);
    expect(results.some((r) => r.status === "fulfilled" && r.value.ok)).toBe(true);
    await eventually(async () => hooks.requests.filter(ofType("integration.reactivated")).length, (n) => n >= 1);
    await smtp.waitForMails(3, (m) => m.subject.includes("is active again"));
    await eventually(
      () => db().delivery.count({ where: { tenantId: t.scene.tenantId, integrationId: t.scene.bot.id, state: { in: ["PENDING", "HELD"] } } }),
      (n) => n === 0,
    );

    // Every operational webhook sent, then both runners stopped: count everything.
    await eventually(
      () => db().delivery.count({ where: { tenantId: t.scene.tenantId, webhookEndpointId: { not: null }, state: { not: "DELIVERED" } } }),
      (n) => n === 0,
    );
    await Promise.all(runners.map((r) => r.stop()));
    runners = [];

    const reactivated = await alertsOf(t.scene.tenantId, "INTEGRATION_REACTIVATED");
    expect(reactivated).toHaveLength(1);
    expect((await notificationsOf(reactivated[0]!.id)).map((n) => n.userId).sort()).toEqual([...t.members].sort());
    const reactivationMails = await db().outboundMail.findMany({ where: { dedupeKey: { startsWith: `alert:${reactivated[0]!.id}:` } } });
    // Opting out of deactivation mails leaves reactivation mails on (their default).
    expect(reactivationMails.map((m) => m.to).sort()).toEqual([t.owner.email, t.admin.email, t.quietAdmin.email].sort());
    expect(smtp.mails.filter((m) => m.subject.includes("is active again"))).toHaveLength(3);
    expect(smtp.mails.filter((m) => m.subject.includes("was made inactive"))).toHaveLength(2);

    // The operational webhooks: exactly one of each, signed with the endpoint's secret.
    const revealed = await t.caller.webhookEndpoint.revealSecret({ id: t.endpoint.id });
    expect(revealed.signingSecret).toBe(t.secret);
    const deactivationHooks = hooks.requests.filter(ofType("integration.deactivated"));
    const reactivationHooks = hooks.requests.filter(ofType("integration.reactivated"));
    expect(deactivationHooks).toHaveLength(1);
    expect(reactivationHooks).toHaveLength(1);
    for (const request of [...deactivationHooks, ...reactivationHooks]) {
      expect(checkWebhook({ headers: request.headers, body: request.rawBody, secret: revealed.signingSecret })).toMatchObject({ ok: true });
      // Another secret does not verify it: the signature is really the endpoint's.
      expect(checkWebhook({ headers: request.headers, body: request.rawBody, secret: "whsec_" + Buffer.alloc(32, 1).toString("base64") }).ok).toBe(false);
    }
    expect(deactivationHooks[0]!.body).toMatchObject({
      type: "integration.deactivated",
      data: { integration: { id: t.scene.bot.id, kind: "BOT" }, reason: "5 consecutive failed attempts" },
    });
    expect(reactivationHooks[0]!.body).toMatchObject({ type: "integration.reactivated", data: { integration: { id: t.scene.bot.id } } });

    // delivery.failed: a delivery that ran out of retries (if any did before the deactivation held the rest) is told once each.
    const failed = await db().delivery.findMany({ where: { tenantId: t.scene.tenantId, integrationId: t.scene.bot.id, state: "FAILED" }, select: { id: true } });
    const failedAlerts = await alertsOf(t.scene.tenantId, "DELIVERY_FAILED");
    expect(failedAlerts.map((a) => a.deliveryId).sort()).toEqual(failed.map((d) => d.id).sort());
    expect(hooks.requests.filter(ofType("delivery.failed")).map((r) => (r.body.data as { delivery: { id: string } }).delivery.id).sort()).toEqual(
      failed.map((d) => d.id).sort(),
    );
    // Failed deliveries are not mailed by default.
    expect(await db().outboundMail.count({ where: { tenantId: t.scene.tenantId, subject: { contains: "A delivery to" } } })).toBe(0);
  }, 90_000);

  it("a delivery FAILED after its last retry: one alert, one delivery.failed webhook, mailed to the admins who asked for it", async () => {
    const t = await team();
    await t.caller.alert.setPreference({ kind: "DELIVERY_FAILED", email: true });
    // The bot refuses this one message (400: FAILED at once, replayable) and takes the rest.
    bot.reply((request) => (JSON.stringify(request.body).includes("refused-once") ? { status: 400, body: "no thanks" } : { status: 200 }));
    const sent = await t.scene.say("u1", "refused-once");
    runners = await twoRunners();
    const deliveryId = sent.deliveryIds[0]!;
    await eventually(() => db().delivery.findUniqueOrThrow({ where: { id: deliveryId } }), (d) => d.state === "FAILED");
    await eventually(async () => hooks.requests.filter((r) => ofType("delivery.failed")(r) && JSON.stringify(r.body).includes(deliveryId)).length, (n) => n >= 1);
    await smtp.waitForMails(1, (m) => m.to.includes(t.owner.email) && m.subject.includes("A delivery to"));
    await Promise.all(runners.map((r) => r.stop()));
    runners = [];

    const alerts = await alertsOf(t.scene.tenantId, "DELIVERY_FAILED");
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.body).toContain("no thanks");
    expect((await notificationsOf(alerts[0]!.id)).map((n) => n.userId).sort()).toEqual([...t.members].sort());
    // Only the owner opted in (delivery failures are not mailed by default).
    expect((await db().outboundMail.findMany({ where: { dedupeKey: { startsWith: `alert:${alerts[0]!.id}:` } } })).map((m) => m.to)).toEqual([t.owner.email]);
    const hook = hooks.requests.filter((r) => ofType("delivery.failed")(r) && JSON.stringify(r.body).includes(deliveryId));
    expect(hook).toHaveLength(1);
    expect(checkWebhook({ headers: hook[0]!.headers, body: hook[0]!.rawBody, secret: t.secret }).ok).toBe(true);
    expect(hook[0]!.body).toMatchObject({ data: { delivery: { id: deliveryId }, receiver: { type: "integration", id: t.scene.bot.id } } });
    // One refused message is not a reason to deactivate the bot.
    expect(await db().integration.findUniqueOrThrow({ where: { id: t.scene.bot.id } })).toMatchObject({ status: "ACTIVE" });
  }, 60_000);

  it("an operational webhook that fails raises no webhook about itself and never counts against a bot", async () => {
    const t = await team();
    const broken = await startReceiver();
    broken.reply({ status: 500, body: "receiver down" });
    try {
      await t.caller.webhookEndpoint.update({ id: t.endpoint.id, url: broken.url, description: "", events: ["delivery.failed"] });
      const test = await t.caller.webhookEndpoint.sendTest({ id: t.endpoint.id });
      expect(test.state).toBe("PENDING");
      runners = await twoRunners();
      await eventually(() => db().delivery.findUniqueOrThrow({ where: { id: test.deliveryId } }), (d) => d.state === "FAILED");
      await eventually(() => alertsOf(t.scene.tenantId, "DELIVERY_FAILED"), (a) => a.length === 1);
      await Promise.all(runners.map((r) => r.stop()));
      runners = [];

      // Five attempts, all recorded in the endpoint's log.
      const log = await t.caller.webhookEndpoint.deliveries({ id: t.endpoint.id });
      expect(log).toHaveLength(1);
      expect(log[0]!.type).toBe("webhook.test");
      expect(log[0]!.attemptLog.map((a) => a.statusCode)).toEqual([500, 500, 500, 500, 500]);
      // Told in the app (every member), but no delivery.failed webhook to any endpoint about it.
      const [alert] = await alertsOf(t.scene.tenantId, "DELIVERY_FAILED");
      expect(alert!.title).toContain("operational webhook");
      expect(await db().notification.count({ where: { alertId: alert!.id } })).toBe(t.members.length);
      expect(await db().delivery.count({ where: { tenantId: t.scene.tenantId, webhookEndpointId: { not: null } } })).toBe(1);
      expect(broken.requests).toHaveLength(5);
      // The bot's failure count is untouched.
      expect(await db().integration.findUniqueOrThrow({ where: { id: t.scene.bot.id } })).toMatchObject({ status: "ACTIVE", consecutiveFailures: 0 });
    } finally {
      await broken.close();
    }
  }, 60_000);
});

describe("held deliveries", () => {
  it("deliveries HELD for over an hour are told once, by the sweep, whichever runner sweeps", async () => {
    const t = await team();
    await db().integration.update({
      where: { id: t.scene.bot.id },
      data: { status: "INACTIVE", deactivatedAt: new Date(), deactivationReason: "5 consecutive failed attempts" },
    });
    await t.scene.say("u1", "waiting");
    expect(await db().delivery.count({ where: { integrationId: t.scene.bot.id, state: "HELD" } })).toBe(1);

    const work = embeddedWork(db());
    expect((await sweep(db(), work, new Date())).heldAlerts).toBe(0);
    const later = new Date(Date.now() + HELD_ALERT_AFTER_MS + 60_000);
    const reports = await Promise.all([sweep(db(), work, later), sweep(db(), work, later)]);
    expect(reports.map((r) => r.heldAlerts).reduce((a, b) => a + b, 0)).toBe(1);
    expect((await sweep(db(), work, later)).heldAlerts).toBe(0);

    const alerts = await alertsOf(t.scene.tenantId, "DELIVERIES_HELD");
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.title).toContain("1 delivery has waited over an hour");
    expect(await db().notification.count({ where: { alertId: alerts[0]!.id } })).toBe(t.members.length);
    // Mailed by default to the owners and admins; not an operational webhook event.
    expect(await db().outboundMail.count({ where: { dedupeKey: { startsWith: `alert:${alerts[0]!.id}:` } } })).toBe(3);
    expect(await db().delivery.count({ where: { tenantId: t.scene.tenantId, webhookEndpointId: { not: null } } })).toBe(0);
  });
});

describe("the notification centre and endpoints, per member and per tenant", () => {
  it("a member reads and marks only their own notifications, in their own organization", async () => {
    const t = await team();
    await db().$transaction(async (tx) => {
      await tx.integration.update({ where: { id: t.scene.bot.id }, data: { status: "INACTIVE", deactivatedAt: new Date(), deactivationReason: "the receiver answered 410 Gone" } });
      expect(await alertIntegrationDeactivated(tx, t.scene.bot.id)).toBe(true);
    });
    const agent = (await callerFor(t.agent.userId)).caller;
    const mine = await agent.alert.notifications();
    expect(mine.unread).toBe(1);
    expect(mine.items[0]).toMatchObject({ kind: "INTEGRATION_DEACTIVATED", href: `/integrations/${t.scene.bot.id}`, readAt: null });
    expect(mine.items[0]!.body).toContain("410 Gone");

    // The banner's list: every member sees the inactive integration and why.
    expect(await agent.alert.inactiveIntegrations()).toEqual([expect.objectContaining({ id: t.scene.bot.id, deactivationReason: "the receiver answered 410 Gone" })]);

    // Another organization: sees none of it, and cannot mark it or touch the endpoint.
    const other = await createOwner("Other org");
    const outsider = (await callerFor(other.userId)).caller;
    expect(await outsider.alert.notifications()).toEqual({ items: [], unread: 0 });
    expect(await outsider.alert.inactiveIntegrations()).toEqual([]);
    expect(await outsider.alert.markRead({ ids: [mine.items[0]!.id] })).toEqual({ marked: 0 });
    expect(await outsider.webhookEndpoint.list()).toEqual([]);
    await expectTrpcError(outsider.webhookEndpoint.revealSecret({ id: t.endpoint.id }), "NOT_FOUND");
    await expectTrpcError(outsider.webhookEndpoint.update({ id: t.endpoint.id, url: "http://127.0.0.1:9/x", description: "", events: ["delivery.failed"] }), "NOT_FOUND");
    await expectTrpcError(outsider.webhookEndpoint.sendTest({ id: t.endpoint.id }), "NOT_FOUND");
    await expectTrpcError(outsider.webhookEndpoint.deliveries({ id: t.endpoint.id }), "NOT_FOUND");
    await expectTrpcError(outsider.webhookEndpoint.delete({ id: t.endpoint.id }), "NOT_FOUND");
    expect(await db().webhookEndpoint.findUniqueOrThrow({ where: { id: t.endpoint.id } })).toMatchObject({ url: hooks.url });

    // Another member of the same organization cannot mark the agent's copy either.
    const viewer = (await callerFor(t.viewer.userId)).caller;
    expect(await viewer.alert.markRead({ ids: [mine.items[0]!.id] })).toEqual({ marked: 0 });
    expect((await agent.alert.notifications()).unread).toBe(1);

    // Agents and viewers do not manage endpoints.
    await expectTrpcError(agent.webhookEndpoint.list(), "FORBIDDEN");
    await expectTrpcError(viewer.webhookEndpoint.create({ url: hooks.url, description: "", events: ["delivery.failed"] }), "FORBIDDEN");

    expect(await agent.alert.markRead({ ids: [mine.items[0]!.id] })).toEqual({ marked: 1 });
    expect((await agent.alert.notifications()).unread).toBe(0);
    expect((await viewer.alert.notifications()).unread).toBe(1);
    expect(await viewer.alert.markAllRead()).toEqual({ marked: 1 });
    expect((await viewer.alert.notifications()).unread).toBe(0);
  });

  it("refuses endpoints with a bad URL or no events, naming the field", async () => {
    const t = await team();
    await expectTrpcError(t.caller.webhookEndpoint.create({ url: "not a url", description: "", events: ["delivery.failed"] }), "BAD_REQUEST");
    await expectTrpcError(t.caller.webhookEndpoint.create({ url: hooks.url, description: "", events: [] }), "BAD_REQUEST", "Choose at least one event to send");
    await expectTrpcError(t.caller.webhookEndpoint.create({ url: "ftp://127.0.0.1/x", description: "", events: ["delivery.failed"] }), "BAD_REQUEST");
    expect(await t.caller.webhookEndpoint.list()).toHaveLength(1);
  });
});
