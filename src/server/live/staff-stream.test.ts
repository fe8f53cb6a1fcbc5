/**
 * The signed-in member's stream (agent desk, inspector), over real HTTP from a server process
 * other than the one that writes: it names what changed in the member's own organization, and
 * nothing of another's; typing reaches agents only; losing the membership ends it; a retry's
 * outcome is told as a first attempt's is.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { removeMember } from "@/server/tenancy/remove-member";
import { createChatScene } from "@/test/chat-scene";
import { callerFor, createMember, createOwner } from "@/test/factories";
import { requestsFrom, startReceiver, type Receiver } from "@/test/receiver";
import { startRunnerProcess } from "@/test/runner-processes";
import { startRouteProcess, type RouteProcess } from "@/test/route-process";
import { sessionCookie } from "@/test/session-cookie";
import { withOwnDatabase } from "@/test/own-database";
import { openSse, type SseConnection, type SseEvent } from "@/test/sse-client";

// A runner process takes every due delivery it finds: this file's own, not other files'.
withOwnDatabase();

let bot: Receiver;
let writer: RouteProcess;
let reader: RouteProcess;
const open: SseConnection[] = [];

beforeAll(async () => {
  [bot, writer, reader] = await Promise.all([startReceiver(), startRouteProcess(), startRouteProcess()]);
  bot.reply({ status: 200 });
});
afterAll(async () => {
  for (const stream of open) stream.close();
  await Promise.all([bot?.close(), writer?.stop(), reader?.stop()]);
});

async function post(path: string, body: unknown, token: string, via = writer.url) {
  const response = await fetch(`${via}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function staffStream(cookie: string | null) {
  const connection = await openSse(`${reader.url}/api/live`, cookie ? { cookie } : {});
  open.push(connection);
  return connection;
}

type Change = { what: string; conversationIds: string[] | null };
const changes = (connection: SseConnection) => connection.events.filter((e) => e.event === "change").map((e) => e.data as Change);
const naming = (id: string) => (e: SseEvent) => e.event === "change" && ((e.data as Change).conversationIds ?? []).includes(id);

describe("staff live stream", () => {
  it("tells members what changed in their organization only; typing goes to agents; a removed member's stream ends", async () => {
    const scene = await createChatScene({ action: "BOT_CCSP", channel: "WEB_CHAT", botPlatform: "IMI_BOT", botUrl: bot.url, ccspPlatform: "BUILT_IN" });
    const agent = await createMember(scene.tenantId, "AGENT");
    const viewer = await createMember(scene.tenantId, "VIEWER");
    const outsider = await createOwner("Elsewhere");

    const agentStream = await staffStream(await sessionCookie(agent.userId, scene.tenantId));
    const viewerStream = await staffStream(await sessionCookie(viewer.userId, scene.tenantId));
    // Naming another organization in the cookie does not make its changes visible.
    const outsiderStream = await staffStream(await sessionCookie(outsider.userId, scene.tenantId));
    for (const stream of [agentStream, viewerStream, outsiderStream]) {
      expect(stream.status).toBe(200);
      expect(stream.headers.get("cache-control")).toBe("no-cache, no-transform");
    }
    expect((await agentStream.waitFor((e) => e.event === "ready")).data).toEqual({ tenantId: scene.tenantId });
    expect((await outsiderStream.waitFor((e) => e.event === "ready")).data).toEqual({ tenantId: outsider.tenantId });

    // A customer writes (on the web chat, through the other process): a message in the BOT conversation.
    const visitorResponse = await fetch(`${writer.url}/api/v1/channels/${scene.asset.id}/visitors`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    const visitor = (await visitorResponse.json()) as { visitorId: string; token: string };
    const seen = requestsFrom(bot);
    const sent = await post(`/api/v1/channels/${scene.asset.id}/messages`, { userId: visitor.visitorId, message: "I need a person" }, visitor.token);
    const botConversationId = sent.body.conversationId as string;
    await seen.next();
    expect((await agentStream.waitFor(naming(botConversationId))).data).toEqual({ what: "message", conversationIds: [botConversationId] });
    await viewerStream.waitFor(naming(botConversationId));
    // Its delivery to the bot was attempted: the inspector hears that too (gathered, a moment later).
    await agentStream.waitFor((e) => naming(botConversationId)(e) && (e.data as Change).what === "delivery");

    // The bot hands over: the desk's queue changes (a new CCSP conversation).
    const handover = await post(`/api/v1/integrations/${scene.bot.id}/events`, { eventid: "1002", conversation_id: botConversationId, reason: "asked" }, scene.bot.inboundSecret);
    const ccspConversationId = handover.body.ccspConversationId as string;
    const queueChange = await agentStream.waitFor((e) => naming(ccspConversationId)(e) && (e.data as Change).what === "conversation");
    expect((queueChange.data as Change).conversationIds).toEqual(expect.arrayContaining([botConversationId, ccspConversationId]));

    // The agent accepts in the desk (its own transaction announces it) and types; the customer types back.
    const { caller } = await callerFor(agent.userId, scene.tenantId);
    await caller.desk.accept({ conversationId: ccspConversationId });
    await viewerStream.waitFor((e) => naming(ccspConversationId)(e) && changes(viewerStream).filter((c) => c.what === "conversation").length >= 2);
    const visitorLive = await openSse(`${reader.url}/api/v1/channels/${scene.asset.id}/messages/stream?access_token=${encodeURIComponent(visitor.token)}`);
    open.push(visitorLive);
    await visitorLive.waitFor((e) => e.event === "ready");
    await caller.desk.typing({ conversationId: ccspConversationId, typing: true });
    expect((await visitorLive.waitFor((e) => e.event === "typing")).data).toEqual({ from: "AGENT", typing: true, conversationId: ccspConversationId });
    expect((await post(`/api/v1/channels/${scene.asset.id}/typing`, { typing: true }, visitor.token)).status).toBe(202);
    const customerTyping = await agentStream.waitFor((e) => e.event === "typing" && (e.data as { from: string }).from === "CUSTOMER");
    expect(customerTyping.data).toEqual({ channelAssetId: scene.asset.id, channelUserId: visitor.visitorId, conversationId: null, from: "CUSTOMER", typing: true });
    // Another agent may not type in a conversation they did not accept.
    const otherAgent = await createMember(scene.tenantId, "AGENT");
    await expect((await callerFor(otherAgent.userId, scene.tenantId)).caller.desk.typing({ conversationId: ccspConversationId, typing: true })).rejects.toMatchObject({ code: "FORBIDDEN" });

    // Viewers read the inspector but are not told who types; the outsider heard nothing of this tenant.
    expect(agentStream.events.filter((e) => e.event === "typing").map((e) => (e.data as { from: string }).from)).toEqual(["AGENT", "CUSTOMER"]);
    expect(viewerStream.events.filter((e) => e.event === "typing")).toEqual([]);
    const ids = [botConversationId, ccspConversationId];
    // (A change naming no conversation, "refetch what you show", may come when the process starts listening.)
    expect(outsiderStream.events.filter((e) => e.event === "typing" || ids.some((id) => naming(id)(e)))).toEqual([]);
    expect(changes(outsiderStream).every((c) => c.conversationIds === null)).toBe(true);
    expect(changes(agentStream).every((c) => (c.conversationIds ?? []).every((id) => ids.includes(id)))).toBe(true);

    // Removing the viewer ends their stream (in every process); they must be checked again to come back.
    const owner = { userId: scene.ownerId, tenantId: scene.tenantId, role: "OWNER" as const };
    await removeMember(db(), owner, viewer.userId);
    await viewerStream.ended;
    const again = await staffStream(await sessionCookie(viewer.userId, scene.tenantId));
    expect(again.status).toBe(403);
  });

  it("tells the inspector how a retry went, though another process made it", async () => {
    // The first attempt (this writer's) fails; the retry is the runner process's, two seconds on.
    let failures = 0;
    const flaky = await startReceiver({ reply: (request) => (request.body.Message === "fail once" && failures++ === 0 ? { status: 503 } : { status: 200 }) });
    const schedule = { DELIVERY_RETRY_SCHEDULE: "2,2,3,4" };
    const [quickWriter, runner] = await Promise.all([startRouteProcess(schedule), startRunnerProcess(schedule)]);
    try {
      const scene = await createChatScene({ action: "BOT", channel: "WEB_CHAT", botPlatform: "IMI_BOT", botUrl: flaky.url });
      const inspector = await staffStream(await sessionCookie(scene.ownerId, scene.tenantId));
      await inspector.waitFor((e) => e.event === "ready");
      const visitorResponse = await fetch(`${quickWriter.url}/api/v1/channels/${scene.asset.id}/visitors`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      const visitor = (await visitorResponse.json()) as { visitorId: string; token: string };
      const sent = await post(`/api/v1/channels/${scene.asset.id}/messages`, { userId: visitor.visitorId, message: "fail once" }, visitor.token, quickWriter.url);
      const conversationId = sent.body.conversationId as string;
      const deliveryChanges = () => changes(inspector).filter((c) => c.what === "delivery" && (c.conversationIds ?? []).includes(conversationId)).length;

      // Told once for the first attempt, once more for the retry (each gathered for a moment).
      await inspector.waitFor(() => deliveryChanges() >= 2, 10_000);
      expect(await db().delivery.findFirstOrThrow({ where: { conversationId }, select: { state: true, attempts: true } })).toEqual({ state: "DELIVERED", attempts: 2 });
    } finally {
      await Promise.all([runner.stop(), quickWriter.stop()]);
      await flaky.close();
    }
  }, 40_000);

  it("refuses a request without a valid session with a JSON 401", async () => {
    for (const cookie of [null, "next-auth.session-token=forged", "sb-tenant=whatever"]) {
      const refused = await staffStream(cookie);
      expect(refused.status).toBe(401);
      expect(refused.refusal).toEqual({ error: { code: "UNAUTHORIZED", message: "Sign in to follow live changes", field: "session" } });
    }
  });
});
