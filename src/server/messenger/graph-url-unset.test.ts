/**
 * Without MESSENGER_GRAPH_API_URL (no default: no outside host is named in the code) a Messenger
 * delivery attempt is recorded as a failure saying so, and retried on the schedule.
 */
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { db } from "@/server/db/client";
import { api } from "@/test/api-client";
import { eventually } from "@/test/delivery-scene";
import { callerFor } from "@/test/factories";
import { digits, fromCustomer, messengerScene, mid, notification, postWebhook } from "@/test/messenger-scene";
import { requestsFrom, startReceiver, type Receiver } from "@/test/receiver";
import { GRAPH_URL_NOT_SET } from "./send-api-exchange";

let bot: Receiver;
beforeAll(async () => {
  vi.stubEnv("MESSENGER_GRAPH_API_URL", "");
  bot = await startReceiver();
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await bot.close();
});

it("records the attempt as failed with the reason, schedules a retry, and the channel page warns", async () => {
  const s = await messengerScene({ action: "BOT", botPlatform: "IMI_BOT", botUrl: bot.url });
  const psid = digits();
  const seen = requestsFrom(bot);
  await postWebhook(s.asset.id, notification(s.pageId, [fromCustomer(s.pageId, psid, { message: { mid: mid(), text: "hi" } })]), { appSecret: s.appSecret });
  const conversationId = (await seen.next())[0]!.body.Conversationid as string;
  const answer = await api.integrationEvent(s.bot.id, { token: s.bot.inboundSecret, body: { eventid: "1001", conversation_id: conversationId, message: "hello" } });
  // The first attempt is made right after the answer.
  const after = await eventually(
    () => db().delivery.findFirstOrThrow({ where: { messageId: answer.body.messageId as string }, include: { attemptLog: true } }),
    (d) => d.attemptLog.length > 0 && d.nextAttemptAt !== null,
  );
  expect(after.state).toBe("PENDING");
  expect(after.nextAttemptAt).not.toBeNull();
  expect(after.attemptLog.map((a) => a.error)).toEqual([GRAPH_URL_NOT_SET]);

  const { caller } = await callerFor(s.ownerId);
  expect((await caller.channel.get({ id: s.asset.id })).graphApiConfigured).toBe(false);
});
