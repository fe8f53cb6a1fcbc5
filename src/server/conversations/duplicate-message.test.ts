/**
 * Duplicate detection of channel messages is scoped to the sender: a repeat of one customer's
 * messageId is stored once, but another customer using the same messageId is a message of its
 * own, never answered with the first customer's conversation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { api } from "@/test/api-client";
import { createChatScene } from "@/test/chat-scene";
import { startReceiver, type Receiver } from "@/test/receiver";

let bot: Receiver;
beforeAll(async () => {
  bot = await startReceiver();
  bot.reply({ status: 200 });
});
afterAll(() => bot.close());

const scene = (channel: "HTTP" | "WEB_CHAT" = "HTTP") => createChatScene({ action: "BOT", botPlatform: "IMI_BOT", botUrl: bot.url, channel });

describe("duplicate channel messages", () => {
  it("a web chat visitor posting another visitor's messageId gets a message of its own, not the other's conversation", async () => {
    const s = await scene("WEB_CHAT");
    const y = await api.visitor(s.asset.id);
    const x = await api.visitor(s.asset.id);
    const yToken = y.body.token as string;
    const xToken = x.body.token as string;

    const first = await api.channelMessage(s.asset.id, { token: yToken, body: { userId: y.body.visitorId, messageId: "m-1", message: "Y's message" } });
    expect(first.status).toBe(202);
    const clash = await api.channelMessage(s.asset.id, { token: xToken, body: { userId: x.body.visitorId, messageId: "m-1", message: "X's message" } });
    expect(clash.status).toBe(202);
    expect(clash.body.conversationId).not.toBe(first.body.conversationId);
    expect(clash.body.messageId).not.toBe(first.body.messageId);

    const stored = await db().message.findMany({ where: { channelAssetId: s.asset.id, channelMessageId: "m-1" }, select: { channelUserId: true, text: true } });
    expect(stored).toEqual(expect.arrayContaining([
      { channelUserId: y.body.visitorId, text: "Y's message" },
      { channelUserId: x.body.visitorId, text: "X's message" },
    ]));
    expect(stored).toHaveLength(2);
  });

  it("a repeat by the same sender is still stored once and answered with the first message", async () => {
    const s = await scene();
    const send = (userId: string, message: string) =>
      api.channelMessage(s.asset.id, { token: s.channelSecret, body: { userId, messageId: "dup-1", message } });
    const first = await send("alice", "hello");
    const again = await send("alice", "hello");
    expect(again.status).toBe(202);
    expect(again.body).toStrictEqual(first.body);
    const other = await send("bob", "hi from bob");
    expect(other.status).toBe(202);
    expect(other.body.conversationId).not.toBe(first.body.conversationId);
    expect(await db().message.count({ where: { channelAssetId: s.asset.id, channelMessageId: "dup-1" } })).toBe(2);
  });
});
