/**
 * The channel API keeps each asset's routing context in memory; these show a change is
 * honoured from the very next message, whatever the cache holds.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rotateChannelSecret } from "@/server/channels/rotate-secret";
import { db } from "@/server/db/client";
import { api } from "@/test/api-client";
import { createChatScene } from "@/test/chat-scene";
import { startReceiver, type Receiver } from "@/test/receiver";
import { cachedRoutingContext } from "./routing-context";

let bot: Receiver;
let ccsp: Receiver;

beforeAll(async () => {
  [bot, ccsp] = await Promise.all([startReceiver(), startReceiver()]);
  bot.reply({ status: 200 });
  ccsp.reply({ status: 200 });
});
afterAll(async () => {
  await Promise.all([bot.close(), ccsp.close()]);
});

const scene = () => createChatScene({ action: "BOT", botPlatform: "IMI_BOT", botUrl: bot.url, ccspUrl: ccsp.url });

async function routingVersion(tenantId: string): Promise<bigint> {
  const tenant = await db().tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { routingVersion: true } });
  return tenant.routingVersion;
}

describe("the channel's routing context, kept in memory", () => {
  it("routes the message after a rule change by the new rule", async () => {
    const s = await scene();
    const first = await api.channelMessage(s.asset.id, { token: s.channelSecret, body: { userId: "u1", message: "to the bot" } });
    expect(first.status).toBe(202);
    expect(cachedRoutingContext(s.asset.id)?.rules[0]?.action.type).toBe("BOT");

    await db().rule.updateMany({
      where: { serviceId: s.service.id },
      data: { actionType: "CCSP", botIntegrationId: null, ccspIntegrationId: s.ccsp.id },
    });
    const start = ccsp.requests.length;
    const second = await api.channelMessage(s.asset.id, { token: s.channelSecret, body: { userId: "u2", message: "to an agent" } });
    expect(second.status).toBe(202);
    const conversation = await db().conversation.findUniqueOrThrow({ where: { id: second.body.conversationId as string } });
    expect(conversation).toMatchObject({ kind: "CCSP", integrationId: s.ccsp.id });
    const [request] = (await ccsp.waitForRequests(start + 1)).slice(start);
    expect(request!.body).toMatchObject({ Message: "to an agent", ConversationType: "CCSP" });
    expect(cachedRoutingContext(s.asset.id)?.rules[0]?.action.type).toBe("CCSP");
  });

  it("takes a rotated secret at once and refuses the old one", async () => {
    const s = await scene();
    const before = await api.channelMessage(s.asset.id, { token: s.channelSecret, body: { userId: "u", message: "one" } });
    expect(before.status).toBe(202);
    const { secret } = await rotateChannelSecret(db(), { userId: s.ownerId, tenantId: s.tenantId, role: "OWNER" }, s.asset.id);
    const withNew = await api.channelMessage(s.asset.id, { token: secret, body: { userId: "u", message: "two" } });
    expect(withNew.status).toBe(202);
    const withOld = await api.channelMessage(s.asset.id, { token: s.channelSecret, body: { userId: "u", message: "three" } });
    expect(withOld.status).toBe(401);
    expect(await db().message.count({ where: { channelAssetId: s.asset.id, sender: "CUSTOMER" } })).toBe(2);
  });

  it("answers 404 once the asset is deleted, though its context was cached", async () => {
    const s = await scene();
    await db().rule.deleteMany({ where: { channelAssetId: s.asset.id } });
    await api.channelMessage(s.asset.id, { token: s.channelSecret, body: { userId: "u", message: "hello" } });
    expect(cachedRoutingContext(s.asset.id)).toBeDefined();
    await db().message.deleteMany({ where: { channelAssetId: s.asset.id } });
    await db().channelAsset.delete({ where: { id: s.asset.id } });
    const after = await api.channelMessage(s.asset.id, { token: s.channelSecret, body: { userId: "u", message: "anyone?" } });
    expect(after.status).toBe(404);
    expect(cachedRoutingContext(s.asset.id)).toBeUndefined();
  });

  it("moves the tenant's routingVersion on for what routing reads, and not for failure counts", async () => {
    const s = await scene();
    let version = await routingVersion(s.tenantId);
    const expectMoved = async (moved: boolean) => {
      const now = await routingVersion(s.tenantId);
      expect(now > version).toBe(moved);
      version = now;
    };
    await db().integration.update({ where: { id: s.bot.id }, data: { consecutiveFailures: 3 } });
    await expectMoved(false);
    await db().integration.update({ where: { id: s.bot.id }, data: { status: "INACTIVE" } });
    await expectMoved(true);
    await db().rule.update({ where: { id: s.rule.id }, data: { enabled: false } });
    await expectMoved(true);
    await db().serviceIntegration.delete({ where: { serviceId_integrationId: { serviceId: s.service.id, integrationId: s.ccsp.id } } });
    await expectMoved(true);
    await db().channelAsset.update({ where: { id: s.asset.id }, data: { allowedOrigins: ["https://shop.example"] } });
    await expectMoved(true);
    await db().conversation.updateMany({ where: { tenantId: s.tenantId }, data: { lastActivityAt: new Date() } });
    await expectMoved(false);
  });
});
