/** Search by message text on the real database, through the tRPC router the inspector calls. */
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { api } from "@/test/api-client";
import { createChatScene } from "@/test/chat-scene";
import { callerFor, createMember } from "@/test/factories";
import { startReceiver, type Receiver } from "@/test/receiver";
import { trpcError } from "@/test/trpc-errors";
import { snippetParts } from "./search";

let bot: Receiver;
beforeAll(async () => {
  bot = await startReceiver();
});
afterAll(async () => {
  await bot.close();
});

async function tenantSaying(messages: Array<[user: string, text: string]>) {
  const scene = await createChatScene({ action: "BOT", botUrl: bot.url });
  bot.reply({ status: 200, body: scene.bot.token });
  const conversations: Record<string, string> = {};
  for (const [user, text] of messages) {
    const sent = await api.channelMessage(scene.asset.id, { token: scene.channelSecret, body: { userId: user, message: text } });
    expect(sent.status).toBe(202);
    conversations[user] = sent.body.conversationId as string;
  }
  const { caller } = await callerFor((await createMember(scene.tenantId, "VIEWER")).userId, scene.tenantId);
  return { scene, conversations, caller };
}

it("finds messages by their words, best match first, with the words highlighted, in the caller's tenant only", async () => {
  const { scene, conversations, caller } = await tenantSaying([
    ["user-ann", "I would like a refund for order 42, the refund was promised"],
    ["user-ben", "Where is my order?"],
    ["user-cat", "Nothing to see here"],
  ]);
  await api.integrationEvent(scene.bot.id, {
    token: scene.bot.inboundSecret,
    body: { eventid: "1001", conversation_id: conversations["user-cat"], message: "A refund takes five days" },
  });
  // Another tenant's customers say the same words.
  await tenantSaying([["user-zed", "refund my order now"]]);

  const found = await caller.conversation.search({ query: "refund or order" });
  expect(found.capped).toBe(false);
  // Ann's message has both words (refund twice): first. Ben's and the bot's have one each.
  expect(found.items.map((h) => h.channelUserId).sort()).toEqual(["user-ann", "user-ben", "user-cat"]);
  expect(found.items).toHaveLength(3);
  const [best] = found.items;
  expect(best).toMatchObject({ conversationId: conversations["user-ann"], sender: "CUSTOMER" });
  expect(best!.snippet.filter((p) => p.hit).map((p) => p.text.toLowerCase())).toEqual(expect.arrayContaining(["refund", "order"]));
  expect(best!.snippet.map((p) => p.text).join("")).toContain("like a refund for order 42");
  // Bot messages are found too; nothing of the other tenant is.
  const botHit = (await caller.conversation.search({ query: "five days" })).items;
  expect(botHit).toEqual([expect.objectContaining({ sender: "BOT", conversationId: conversations["user-cat"] })]);
  expect((await caller.conversation.search({ query: "now" })).items).toEqual([]);
  // A phrase, and a word left out.
  expect((await caller.conversation.search({ query: '"my order"' })).items.map((h) => h.channelUserId)).toEqual(["user-ben"]);
  expect((await caller.conversation.search({ query: "order -refund" })).items.map((h) => h.channelUserId)).toEqual(["user-ben"]);
});

it("combines with the list's filters, and takes any text as words", async () => {
  const { scene, conversations, caller } = await tenantSaying([
    ["user-dan", "my parcel is late"],
    ["user-eve", "parcel arrived, thanks"],
  ]);
  await db().conversation.update({ where: { id: conversations["user-eve"] }, data: { status: "CLOSED", closedAt: new Date() } });
  const users = async (input: Parameters<typeof caller.conversation.search>[0]) => (await caller.conversation.search(input)).items.map((h) => h.channelUserId).sort();
  expect(await users({ query: "parcel" })).toEqual(["user-dan", "user-eve"]);
  expect(await users({ query: "parcel", status: "CLOSED" })).toEqual(["user-eve"]);
  expect(await users({ query: "parcel", channelAssetId: scene.asset.id, kind: "BOT", status: "OPEN" })).toEqual(["user-dan"]);
  expect(await users({ query: "parcel", integrationId: "nope" })).toEqual([]);
  expect(await users({ query: "parcel", from: new Date(Date.now() + 86_400_000) })).toEqual([]);
  // Operators and quotes that mean nothing are just words, never an error.
  for (const query of ['"', "&|!(", "'; DROP TABLE", "-", "or"]) expect(await users({ query })).toEqual([]);
  expect((await trpcError(caller.conversation.search({ query: "   " }))).code).toBe("BAD_REQUEST");
});

it("snippetParts splits ts_headline's marks into text parts", () => {
  expect(snippetParts("a \u0002refund\u0003 for \u0002order\u0003")).toEqual([
    { text: "a ", hit: false },
    { text: "refund", hit: true },
    { text: " for ", hit: false },
    { text: "order", hit: true },
  ]);
  expect(snippetParts("\u0002x\u0003")).toEqual([{ text: "x", hit: true }]);
});
