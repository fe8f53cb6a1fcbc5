/**
 * Hostile input on the public API and on tRPC: a NUL anywhere (values, keys, path and query
 * parameters), a lone surrogate, an eventid naming an Object.prototype member. Every one gets a
 * 400 with a JSON error naming the field, nothing is written, and no answer carries a database
 * message or a stack. A table, so that adding an input is one line.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createTRPCRouter, publicProcedure } from "@/server/trpc/init";
import { api, type ApiAnswer } from "@/test/api-client";
import { createChatScene } from "@/test/chat-scene";
import { startReceiver, type Receiver } from "@/test/receiver";
import { trpcOverHttp, type TrpcAnswer } from "@/test/trpc-http";

const NUL = "\u0000";
const HIGH = "\ud800";
const LOW = "\udc00";

let bot: Receiver;
let http: Awaited<ReturnType<typeof createChatScene>>;
let web: Awaited<ReturnType<typeof createChatScene>>;
let visitor: { id: string; token: string };
let conversationId = "";
let botMessageId = "";
let serviceId = "";

beforeAll(async () => {
  bot = await startReceiver();
  bot.reply({ status: 200 });
  http = await createChatScene({ action: "BOT", botPlatform: "IMI_BOT", botUrl: bot.url });
  web = await createChatScene({ action: "BOT", botPlatform: "IMI_BOT", botUrl: bot.url, channel: "WEB_CHAT" });
  const issued = await api.visitor(web.asset.id);
  visitor = { id: issued.body.visitorId as string, token: issued.body.token as string };
  const sent = await api.channelMessage(http.asset.id, { token: http.channelSecret, body: { userId: "u1", message: "hello" } });
  conversationId = sent.body.conversationId as string;
  const reply = await api.integrationEvent(http.bot.id, { token: http.bot.inboundSecret, body: { eventid: "1001", conversation_id: conversationId, message: "hi" } });
  botMessageId = reply.body.messageId as string;
  serviceId = http.service.id;
});
afterAll(() => bot.close());

/** Rows a hostile request might leave behind, for both scenes' tenants. */
async function footprint() {
  const tenants = [http.tenantId, web.tenantId];
  const where = { tenantId: { in: tenants } };
  const [messages, conversations, deliveries, services, assets, integrations, rules, memberships, owned] = await Promise.all([
    db().message.count({ where }),
    db().conversation.count({ where }),
    db().delivery.count({ where }),
    db().service.count({ where }),
    db().channelAsset.count({ where }),
    db().integration.count({ where }),
    db().rule.count({ where }),
    db().membership.count({ where }),
    db().membership.count({ where: { userId: http.ownerId } }),
  ]);
  return { messages, conversations, deliveries, services, assets, integrations, rules, memberships, owned };
}

const LEAKS = /prisma|postgres|invalid byte sequence|unsupported unicode|surrogate must|\.(ts|js):\d+|node_modules|"stack"/i;

type PublicCase = [name: string, field: string, send: () => Promise<ApiAnswer>];

const message = (body: Record<string, unknown>) => () => api.channelMessage(http.asset.id, { token: http.channelSecret, body: { userId: "u1", message: "x", ...body } });
const event = (body: Record<string, unknown>) => () =>
  api.integrationEvent(http.bot.id, { token: http.bot.inboundSecret, body: { eventid: "1001", conversation_id: conversationId, message: "x", ...body } });
const receipt = (body: Record<string, unknown>) => () => api.receipt(http.asset.id, { token: http.channelSecret, body: { messageId: botMessageId, status: "Read", ...body } });

const PUBLIC_CASES: PublicCase[] = [
  ["message with a NUL", "message", message({ message: `hi${NUL}there` })],
  ["message of a lone high surrogate", "message", message({ message: HIGH })],
  ["message with a lone low surrogate", "message", message({ message: `a${LOW}b` })],
  ["message with a reversed surrogate pair", "message", message({ message: `${LOW}${HIGH}` })],
  ["userId with a NUL", "userId", message({ userId: `u${NUL}` })],
  ["userId of a lone surrogate", "userId", message({ userId: HIGH })],
  ["messageId with a NUL", "messageId", message({ messageId: `m${NUL}1` })],
  ["messageId with a lone surrogate", "messageId", message({ messageId: `m${HIGH}` })],
  ["messageType with a NUL", "messageType", message({ messageType: `text${NUL}` })],
  ["messageType with a lone surrogate", "messageType", message({ messageType: LOW })],
  ["postbackPayload with a NUL", "postbackPayload", message({ message: undefined, postbackPayload: `BUY${NUL}` })],
  ["postbackPayload with a lone surrogate", "postbackPayload", message({ message: undefined, postbackPayload: `BUY${HIGH}` })],
  ["a body key with a NUL", "us\uFFFDer", message({ [`us${NUL}er`]: "x" })],
  ["a body key of a lone surrogate", "\uFFFD", message({ [HIGH]: "x" })],
  ["assetId with a NUL (message)", "assetId", () => api.channelMessage(`asset${NUL}`, { token: http.channelSecret, body: { userId: "u1", message: "x" } })],
  ["receipt messageId with a NUL", "messageId", receipt({ messageId: `msg${NUL}` })],
  ["receipt description with a lone surrogate", "description", receipt({ status: "Failed", description: `blocked ${HIGH}` })],
  ["assetId with a NUL (receipt)", "assetId", () => api.receipt(`a${NUL}`, { token: http.channelSecret, body: { messageId: botMessageId, status: "Read" } })],
  ["assetId with a NUL (visitor)", "assetId", () => api.visitor(`a${NUL}`)],
  ["after with a NUL (visitor read)", "after", () => api.visitorMessages(web.asset.id, visitor.token, `m${NUL}sg`)],
  ["assetId with a NUL (visitor read)", "assetId", () => api.visitorMessages(`a${NUL}`, visitor.token)],
  ["web chat message with a lone surrogate", "message", () => api.channelMessage(web.asset.id, { token: visitor.token, body: { userId: visitor.id, message: `hey ${HIGH}` } })],
  ["bot message with a NUL", "message", event({ message: `hi${NUL}` })],
  ["bot message of a lone surrogate", "message", event({ message: LOW })],
  ["conversation_id with a NUL", "conversation_id", event({ conversation_id: `${conversationId}${NUL}` })],
  ["conversation_id with a lone surrogate", "conversation_id", event({ conversation_id: HIGH })],
  ["Timestamp with a NUL", "Timestamp", event({ Timestamp: `2026-01-01${NUL}` })],
  ["Messagetype with a lone surrogate", "Messagetype", event({ Messagetype: HIGH })],
  ["custom parameter value with a NUL", "note", event({ note: `a${NUL}b` })],
  ["custom parameter value of a lone surrogate", "note", event({ note: HIGH })],
  ["custom parameter key with a NUL", "no\uFFFDte", event({ [`no${NUL}te`]: "x" })],
  ["custom parameter key of a lone surrogate", "\uFFFDkey", event({ [`${LOW}key`]: "x" })],
  ["handover reason with a NUL", "reason", event({ eventid: "1002", message: undefined, reason: `bye${NUL}` })],
  ["typing conversation_id with a lone surrogate", "conversation_id", event({ eventid: "1004", message: undefined, conversation_id: HIGH })],
  ['eventid "constructor"', "eventid", event({ eventid: "constructor" })],
  ['eventid "__proto__"', "eventid", event({ eventid: "__proto__" })],
  ['eventid "toString"', "eventid", event({ eventid: "toString" })],
  ['eventid "hasOwnProperty"', "eventid", event({ eventid: "hasOwnProperty" })],
  ['eventid "valueOf"', "eventid", event({ eventid: "valueOf" })],
  ["eventid with a NUL", "eventid", event({ eventid: `1001${NUL}` })],
  ["integrationId with a NUL", "integrationId", () => api.integrationEvent(`${http.bot.id}${NUL}`, { token: http.bot.inboundSecret, body: { eventid: "1001", conversation_id: conversationId, message: "x" } })],
];

type TrpcCase = [name: string, field: string, call: () => Promise<TrpcAnswer>];

const owner = () => ({ userId: http.ownerId, tenantId: http.tenantId });
const mutate = (path: string, input: () => unknown) => () => trpcOverHttp(owner(), path, input());
const query = (path: string, input: () => unknown) => () => trpcOverHttp(owner(), path, input(), "query");

const TRPC_CASES: TrpcCase[] = [
  ["service.create name with a NUL", "name", mutate("service.create", () => ({ name: `Support${NUL}` }))],
  ["service.create name of a lone surrogate", "name", mutate("service.create", () => ({ name: HIGH }))],
  ["service.rename name with a NUL", "name", mutate("service.rename", () => ({ id: serviceId, name: `S${NUL}` }))],
  ["channel.create name with a NUL", "name", mutate("channel.create", () => ({ type: "WEB_CHAT", name: `Chat${NUL}` }))],
  ["channel.create allowed origin with a NUL", "allowedOrigins.0", mutate("channel.create", () => ({ type: "WEB_CHAT", name: "Chat", allowedOrigins: [`https://shop.test${NUL}`] }))],
  ["channel.create callbackUrl with a lone surrogate", "callbackUrl", mutate("channel.create", () => ({ type: "HTTP", name: "Provider", callbackUrl: `https://cb.test/${HIGH}` }))],
  ["integration.create name with a NUL", "name", mutate("integration.create", () => ({ platform: "BUILT_IN", name: `Desk${NUL}` }))],
  ["integration.get id with a NUL", "id", query("integration.get", () => ({ id: `x${NUL}` }))],
  ["rule.create condition value of a lone surrogate", "conditions.0.value", mutate("rule.create", () => ({
    serviceId,
    channelAssetId: http.asset.id,
    event: "INCOMING_MESSAGE",
    conditions: [{ type: "TEXT_CONTAINS", value: HIGH }],
    actionType: "BOT",
    botIntegrationId: http.bot.id,
  }))],
  ["tenant.create name with a NUL", "name", mutate("tenant.create", () => ({ name: `Org${NUL}` }))],
  ["member.invite email with a NUL", "email", mutate("member.invite", () => ({ email: `a${NUL}@example.test`, role: "VIEWER" }))],
  ["desk.reply message with a NUL", "message", mutate("desk.reply", () => ({ conversationId, message: `hi${NUL}` }))],
  ["conversation.list channelUserId with a NUL", "channelUserId", query("conversation.list", () => ({ channelUserId: `u${NUL}` }))],
  ["conversation.get id of a lone surrogate", "id", query("conversation.get", () => ({ id: LOW }))],
  ["account.requestPasswordReset email with a NUL (signed out)", "email", () => trpcOverHttp(null, "account.requestPasswordReset", { email: `a${NUL}@example.test` })],
  ["invitation.signUp name with a NUL (signed out)", "name", () => trpcOverHttp(null, "invitation.signUp", { token: "t", name: `N${NUL}`, password: "password123" })],
  ["account.signUp name with a NUL (signed out)", "name", () =>
    trpcOverHttp(null, "account.signUp", { name: `N${NUL}`, email: "hostile-signup@example.test", password: "password123", organizationName: "Hostile" })],
];

describe("hostile input is refused with a 400 naming the field, and writes nothing", () => {
  it(`covers at least 40 inputs (public API ${PUBLIC_CASES.length}, tRPC ${TRPC_CASES.length})`, () => {
    expect(PUBLIC_CASES.length + TRPC_CASES.length).toBeGreaterThanOrEqual(40);
    expect(PUBLIC_CASES.length).toBeGreaterThan(0);
    expect(TRPC_CASES.length).toBeGreaterThan(0);
  });

  it.each(PUBLIC_CASES)("public API: %s", async (_name, field, send) => {
    const before = await footprint();
    const answer = await send();
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect(answer.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String), field });
    expect(JSON.stringify(answer.body)).not.toMatch(LEAKS);
    expect(await footprint()).toStrictEqual(before);
  });

  it.each(TRPC_CASES)("tRPC: %s", async (_name, field, call) => {
    const before = await footprint();
    const answer = await call();
    expect(answer.status, answer.text).toBe(400);
    expect(answer.error?.data.code).toBe("BAD_REQUEST");
    expect(answer.error?.data.fieldErrors?.[field], answer.text).toEqual(expect.any(String));
    expect(answer.text).not.toMatch(LEAKS);
    expect(await footprint()).toStrictEqual(before);
    expect(await db().user.count({ where: { email: "hostile-signup@example.test" } })).toBe(0);
  });

  it("keeps custom parameters named __proto__, constructor or toString as parameters of their own", async () => {
    // JSON.parse makes "__proto__" an own key, as a request body does (an object literal would not).
    const params = JSON.parse('{"__proto__": "p", "constructor": "c", "toString": "t"}') as Record<string, unknown>;
    const kept = expect.arrayContaining([["__proto__", "p"], ["constructor", "c"], ["toString", "t"]]);
    // A bot's answer in a web chat conversation: the one-statement path.
    const hello = await api.channelMessage(web.asset.id, { token: visitor.token, body: { userId: visitor.id, message: "hello" } });
    const inChat = await api.integrationEvent(web.bot.id, { token: web.bot.inboundSecret, body: { eventid: "1001", conversation_id: hello.body.conversationId, message: "x", ...params } });
    expect(inChat.status).toBe(202);
    const chatMessage = await db().message.findUniqueOrThrow({ where: { id: inChat.body.messageId as string }, select: { customParams: true } });
    expect(Object.entries(chatMessage.customParams as object)).toEqual(kept);
    // On an HTTP channel, whose callback URL gets the answer: written through Prisma, with a delivery.
    const onHttp = await api.integrationEvent(http.bot.id, { token: http.bot.inboundSecret, body: { eventid: "1001", conversation_id: conversationId, message: "x", ...params } });
    expect(onHttp.status).toBe(202);
    const messageId = onHttp.body.messageId as string;
    const httpMessage = await db().message.findUniqueOrThrow({ where: { id: messageId }, select: { customParams: true } });
    expect(Object.entries(httpMessage.customParams as object)).toEqual(kept);
    const delivery = await db().delivery.findFirstOrThrow({ where: { messageId, channelAssetId: http.asset.id }, select: { payload: true } });
    expect(JSON.stringify(delivery.payload)).toContain('"__proto__":"p"');
  });
});

describe("tRPC answers to unexpected errors", () => {
  it("carry neither the database's message nor a stack", async () => {
    // A procedure of the app's own tRPC setup (its error formatter) failing on a real Postgres error.
    const router = createTRPCRouter({
      broken: publicProcedure.mutation(() => db().$queryRawUnsafe(`SELECT 1 / 0 AS "secretColumn" FROM "Integration"`)),
    });
    const answer = await trpcOverHttp(null, "broken", undefined, "mutation", router);
    expect(answer.status).toBe(500);
    expect(answer.error?.data.code).toBe("INTERNAL_SERVER_ERROR");
    expect(answer.error?.message).toBe("Something went wrong on our side; nothing was changed");
    expect(answer.error?.data.stack).toBeUndefined();
    expect(answer.text).not.toMatch(/division|secretColumn|Integration|prisma|postgres|\.ts:\d+/i);
  });
});
