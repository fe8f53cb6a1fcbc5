/**
 * Signed inbound events (optional per integration): with the setting on, the inbound webhook
 * wants Standard Webhooks headers signed with the integration's signing secret, within 5 minutes
 * either way, and a replayed copy writes nothing. Real route handler, real database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { signWebhook } from "@/server/webhooks/standard-webhooks";
import { api } from "@/test/api-client";
import { callerFor } from "@/test/factories";
import { createChatScene } from "@/test/chat-scene";
import { startReceiver, type Receiver } from "@/test/receiver";

/** The bot: it verifies when saved and takes the customer's first message. */
let bot: Receiver;
beforeAll(async () => {
  bot = await startReceiver();
});
afterAll(() => bot.close());

async function signedScene() {
  const scene = await createChatScene({ action: "BOT", channel: "WEB_CHAT", botPlatform: "IMI_BOT", botUrl: bot.url });
  const visitor = (await api.visitor(scene.asset.id)).body.token as string;
  const hello = await api.channelMessage(scene.asset.id, { token: visitor, body: { userId: visitor.split(".")[1], message: "hello" } });
  const conversationId = hello.body.conversationId as string;
  const { caller } = await callerFor(scene.ownerId, scene.tenantId);
  const name = (await caller.integration.get({ id: scene.bot.id })).name;
  const updated = await caller.integration.update({ id: scene.bot.id, name, requireSignedEvents: true });
  expect(updated.changed).toEqual(["signed events"]);
  const post = (rawBody: string, headers: Record<string, string>) =>
    api.integrationEvent(scene.bot.id, { token: scene.bot.inboundSecret, rawBody, headers });
  const body = (message: string) => JSON.stringify({ eventid: "1001", conversation_id: conversationId, message });
  return { scene, caller, conversationId, post, body };
}

const signed = (id: string, body: string, secret: string, at = new Date()) => ({ ...signWebhook({ id, timestamp: at, body, secret }) });
const botMessages = (conversationId: string) => db().message.count({ where: { conversationId, sender: "BOT" } });

describe("signed inbound events", () => {
  it("the setting is saved with the integration and shown to admins", async () => {
    const { scene, caller } = await signedScene();
    expect((await caller.integration.get({ id: scene.bot.id })).manage?.requireSignedEvents).toBe(true);
    const history = (await caller.integration.get({ id: scene.bot.id })).history;
    expect(history[0]).toMatchObject({ type: "EDITED", detail: expect.stringContaining("signed inbound events required") });
  });

  it("accepts a request signed with the integration's signing secret", async () => {
    const { scene, conversationId, post, body } = await signedScene();
    const text = body("signed hello");
    const answer = await post(text, signed("msg_ok_1", text, scene.bot.signingSecret));
    expect(answer.status).toBe(202);
    expect(await botMessages(conversationId)).toBe(1);
  });

  it("refuses with 401 and a JSON error naming what is wrong, writing nothing", async () => {
    const { scene, conversationId, post, body } = await signedScene();
    const text = body("refused");
    const good = signed("msg_bad", text, scene.bot.signingSecret);
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{}, "webhook-id", /webhook-id/],
      [{ "webhook-id": "msg_bad", "webhook-timestamp": good["webhook-timestamp"] }, "webhook-signature", /webhook-signature/],
      [{ ...good, "webhook-timestamp": "soon" }, "webhook-timestamp", /Unix seconds/],
      [{ ...good, "webhook-signature": "v1,AAAA" }, "webhook-signature", /does not match/],
      [signed("msg_bad", text, "whsec_" + Buffer.alloc(32, 9).toString("base64")), "webhook-signature", /does not match/],
      [signed("msg_bad", `${text} `, scene.bot.signingSecret), "webhook-signature", /does not match/],
      // Outside the 5-minute tolerance, in the past and in the future.
      [signed("msg_bad", text, scene.bot.signingSecret, new Date(Date.now() - 6 * 60_000)), "webhook-timestamp", /300 seconds/],
      [signed("msg_bad", text, scene.bot.signingSecret, new Date(Date.now() + 6 * 60_000)), "webhook-timestamp", /300 seconds/],
    ];
    for (const [headers, field, message] of cases) {
      const answer = await post(text, headers);
      expect(answer.status).toBe(401);
      expect(answer.body.error).toMatchObject({ code: "INVALID_SIGNATURE", field, message: expect.stringMatching(message) });
    }
    // A valid signature does not replace the Bearer secret.
    const noBearer = await api.integrationEvent(scene.bot.id, { rawBody: text, headers: good });
    expect(noBearer.status).toBe(401);
    expect(await botMessages(conversationId)).toBe(0);
  });

  it("a captured request replayed within the tolerance gets the first answer and writes nothing, even with another Idempotency-Key", async () => {
    const { scene, conversationId, post, body } = await signedScene();
    const text = body("only once");
    const headers = signed("msg_captured", text, scene.bot.signingSecret);
    const first = await post(text, headers);
    expect(first.status).toBe(202);
    expect(await post(text, headers)).toStrictEqual(first);
    expect(await post(text, { ...headers, "Idempotency-Key": "fresh-key-to-slip-past" })).toStrictEqual(first);
    expect(await botMessages(conversationId)).toBe(1);
  });

  it("without the setting, unsigned events are accepted as before", async () => {
    const { scene, caller, conversationId, post, body } = await signedScene();
    const name = (await caller.integration.get({ id: scene.bot.id })).name;
    await caller.integration.update({ id: scene.bot.id, name, requireSignedEvents: false });
    expect((await post(body("plain"), {})).status).toBe(202);
    expect(await botMessages(conversationId)).toBe(1);
  });
});
