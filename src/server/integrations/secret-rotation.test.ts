/**
 * Rotating secrets without downtime: the replaced inbound secret keeps working for the grace
 * period the admin picks (none, 1 h, 24 h); a rotated signing secret signs too during the overlap,
 * so every request carries both signatures. Real route handlers, a real HTTP bot on 127.0.0.1
 * that checks the signatures it receives, the real database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { signWebhook, verifyWebhook } from "@/server/webhooks/standard-webhooks";
import { api } from "@/test/api-client";
import { callerFor, createMember } from "@/test/factories";
import { createChatScene } from "@/test/chat-scene";
import { expectTrpcError } from "@/test/trpc-errors";
import { requestsFrom, startReceiver, type Receiver } from "@/test/receiver";

let bot: Receiver;
beforeAll(async () => {
  bot = await startReceiver();
});
afterAll(() => bot.close());

async function scene() {
  const s = await createChatScene({ action: "BOT", channel: "HTTP", botPlatform: "IMI_BOT", botUrl: bot.url });
  const { caller } = await callerFor(s.ownerId, s.tenantId);
  const customer = (message: string) => api.channelMessage(s.asset.id, { token: s.channelSecret, body: { userId: "cust-rot", message } });
  const hello = await customer("hello");
  const conversationId = hello.body.conversationId as string;
  const botSays = (secret: string, message: string) =>
    api.integrationEvent(s.bot.id, { token: secret, body: { eventid: "1001", conversation_id: conversationId, message } });
  return { s, caller, customer, botSays };
}

const hours = (n: number) => n * 3_600_000;

describe("rotating the inbound webhook secret", () => {
  it("with a 1 h grace both secrets work, the page shows until when, and after it only the new one does", async () => {
    const { s, caller, botSays } = await scene();
    const before = Date.now();
    const rotated = await caller.integration.rotateSecret({ id: s.bot.id, graceHours: 1 });
    expect(rotated.previousValidUntil!.getTime()).toBeGreaterThanOrEqual(before + hours(1) - 1_000);
    expect(rotated.previousValidUntil!.getTime()).toBeLessThanOrEqual(Date.now() + hours(1));

    expect((await botSays(s.bot.inboundSecret, "old secret, in grace")).status).toBe(202);
    expect((await botSays(rotated.inboundSecret, "new secret")).status).toBe(202);
    const detail = await caller.integration.get({ id: s.bot.id });
    expect(detail.manage?.previousInboundSecretValidUntil).toEqual(rotated.previousValidUntil);
    expect(detail.history[0]).toMatchObject({ type: "SECRET_ROTATED", detail: expect.stringContaining("keeps working until") });

    // The grace is over.
    await db().integration.update({ where: { id: s.bot.id }, data: { previousInboundSecretExpiresAt: new Date(Date.now() - 1_000) } });
    expect((await botSays(s.bot.inboundSecret, "old secret, too late")).status).toBe(401);
    expect((await botSays(rotated.inboundSecret, "new secret still")).status).toBe(202);
    expect((await caller.integration.get({ id: s.bot.id })).manage?.previousInboundSecretValidUntil).toBeNull();
  });

  it("with no grace (the default) the old secret stops at once; a second rotation ends the first one's grace", async () => {
    const { s, caller, botSays } = await scene();
    const first = await caller.integration.rotateSecret({ id: s.bot.id, graceHours: 24 });
    const second = await caller.integration.rotateSecret({ id: s.bot.id });
    expect(second.previousValidUntil).toBeNull();
    expect((await botSays(s.bot.inboundSecret, "original")).status).toBe(401);
    expect((await botSays(first.inboundSecret, "first rotation")).status).toBe(401);
    expect((await botSays(second.inboundSecret, "current")).status).toBe(202);
  });

  it("refuses a grace period other than none, 1 h or 24 h", async () => {
    const { s, caller } = await scene();
    await expectTrpcError(caller.integration.rotateSecret({ id: s.bot.id, graceHours: 2 as 1 }), "BAD_REQUEST");
  });
});

describe("rotating the signing secret", () => {
  it("during the overlap every delivery and verification carries both signatures; afterwards only the new one", async () => {
    const { s, caller, customer } = await scene();
    const oldSecret = s.bot.signingSecret;
    const rotated = await caller.integration.rotateSigningSecret({ id: s.bot.id, graceHours: 24 });
    expect(rotated.signingSecret).not.toBe(oldSecret);
    expect((await caller.integration.revealSigningSecret({ id: s.bot.id })).signingSecret).toBe(rotated.signingSecret);
    expect((await caller.integration.get({ id: s.bot.id })).manage?.previousSigningSecretValidUntil).toEqual(rotated.previousValidUntil);

    // The bot checks with whichever secret it holds, and answers 401 otherwise.
    const holding = { secret: oldSecret };
    bot.reply((request) => ({ status: verifyWebhook({ headers: request.headers, body: request.rawBody, secret: holding.secret }) ? 200 : 401 }));

    let seen = requestsFrom(bot);
    expect((await customer("during the overlap")).status).toBe(202);
    const [delivery] = await seen.next();
    const signatures = String(delivery!.headers["webhook-signature"]).split(" ");
    expect(signatures).toHaveLength(2);
    expect(verifyWebhook({ headers: delivery!.headers, body: delivery!.rawBody, secret: oldSecret })).toBe(true);
    expect(verifyWebhook({ headers: delivery!.headers, body: delivery!.rawBody, secret: rotated.signingSecret })).toBe(true);
    const delivered = await db().delivery.findFirstOrThrow({ where: { id: String(delivery!.headers["webhook-id"]) } });
    await expect.poll(async () => (await db().delivery.findUniqueOrThrow({ where: { id: delivered.id } })).state).toBe("DELIVERED");

    // Verify again during the overlap: a bot that already moved to the new secret accepts it too.
    holding.secret = rotated.signingSecret;
    seen = requestsFrom(bot);
    expect(await caller.integration.verify({ id: s.bot.id })).toMatchObject({ ok: true });
    const [verification] = await seen.next();
    expect(String(verification!.headers["webhook-signature"]).split(" ")).toHaveLength(2);

    // The overlap is over: one signature, the new secret's.
    await db().integration.update({ where: { id: s.bot.id }, data: { previousSigningSecretExpiresAt: new Date(Date.now() - 1_000) } });
    seen = requestsFrom(bot);
    expect((await customer("after the overlap")).status).toBe(202);
    const [later] = await seen.next();
    expect(String(later!.headers["webhook-signature"]).split(" ")).toHaveLength(1);
    expect(verifyWebhook({ headers: later!.headers, body: later!.rawBody, secret: rotated.signingSecret })).toBe(true);
    expect(verifyWebhook({ headers: later!.headers, body: later!.rawBody, secret: oldSecret })).toBe(false);
  });

  it("signed inbound events may use either secret during the overlap, only the new one after it", async () => {
    const { s, caller } = await scene();
    const name = (await caller.integration.get({ id: s.bot.id })).name;
    await caller.integration.update({ id: s.bot.id, name, requireSignedEvents: true });
    const rotated = await caller.integration.rotateSigningSecret({ id: s.bot.id, graceHours: 1 });
    const conversation = await db().conversation.findFirstOrThrow({ where: { integrationId: s.bot.id } });
    const post = (id: string, secret: string) => {
      const rawBody = JSON.stringify({ eventid: "1001", conversation_id: conversation.id, message: id });
      return api.integrationEvent(s.bot.id, { token: s.bot.inboundSecret, rawBody, headers: { ...signWebhook({ id, timestamp: new Date(), body: rawBody, secret }) } });
    };
    expect((await post("msg_old", s.bot.signingSecret)).status).toBe(202);
    expect((await post("msg_new", rotated.signingSecret)).status).toBe(202);
    await db().integration.update({ where: { id: s.bot.id }, data: { previousSigningSecretExpiresAt: new Date(Date.now() - 1_000) } });
    expect((await post("msg_old_late", s.bot.signingSecret)).status).toBe(401);
  });

  it("is for admins of the tenant only, and the built-in desk has none", async () => {
    const { s } = await scene();
    const desk = await createChatScene({ action: "BOT", botUrl: bot.url, ccspPlatform: "BUILT_IN" });
    const { caller: deskOwner } = await callerFor(desk.ownerId, desk.tenantId);
    await expectTrpcError(deskOwner.integration.rotateSigningSecret({ id: desk.ccsp.id }), "BAD_REQUEST");
    const agent = await createMember(s.tenantId, "AGENT");
    const { caller: agentCaller } = await callerFor(agent.userId, s.tenantId);
    await expectTrpcError(agentCaller.integration.rotateSigningSecret({ id: s.bot.id }), "FORBIDDEN");
    await expectTrpcError(agentCaller.integration.rotateSecret({ id: s.bot.id, graceHours: 24 }), "FORBIDDEN");
    const other = await createChatScene({ action: "BOT", botUrl: bot.url });
    const { caller: stranger } = await callerFor(other.ownerId, other.tenantId);
    await expectTrpcError(stranger.integration.rotateSigningSecret({ id: s.bot.id }), "NOT_FOUND");
  });
});
