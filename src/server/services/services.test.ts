import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { callerFor, createMember, createOwner, createPlaceholderIntegration } from "@/test/factories";
import { expectTrpcError, fieldOf } from "@/test/trpc-errors";
import { supportService } from "@/test/support-service";

describe("services", () => {
  it("are created, listed with their channels, integrations and rule count, and renamed", async () => {
    const { caller, service, asset, bot, ccsp } = await supportService();
    await caller.rule.create({ serviceId: service.id, channelAssetId: asset.id, event: "INCOMING_MESSAGE", actionType: "BOT", botIntegrationId: bot.id });
    await caller.service.create({ name: "Billing" });

    const list = await caller.service.list();
    expect(list.map((s) => s.name)).toEqual(["Billing", "Support"]);
    expect(list[1]).toMatchObject({
      assets: [{ id: asset.id, name: "Website", type: "WEB_CHAT" }],
      integrations: [
        { id: bot.id, name: "Helpdesk bot", kind: "BOT" },
        { id: ccsp.id, name: "Agents", kind: "CCSP" },
      ],
      ruleCount: 1,
    });

    expect(await caller.service.rename({ id: service.id, name: "  Customer care " })).toEqual({ id: service.id, name: "Customer care" });
    const taken = await expectTrpcError(caller.service.rename({ id: service.id, name: "Billing" }), "CONFLICT", "A service with this name already exists");
    expect(fieldOf(taken)).toBe("name");
    await expectTrpcError(caller.service.create({ name: "Billing" }), "CONFLICT", "A service with this name already exists");
    const blank = await expectTrpcError(caller.service.create({ name: "   " }), "BAD_REQUEST", "Enter a name for the service");
    expect(fieldOf(blank)).toBe("name");
  });

  it("show on their page what can still be attached and mapped", async () => {
    const { caller, owner, service, asset, bot } = await supportService();
    const free = (await caller.channel.create({ type: "WEB_CHAT", name: "Free chat" })).asset;
    const other = await caller.service.create({ name: "Other" });
    const taken = (await caller.channel.create({ type: "WEB_CHAT", name: "Taken chat" })).asset;
    await caller.service.attachAsset({ serviceId: other.id, assetId: taken.id });
    const spare = await createPlaceholderIntegration(owner.tenantId, "BOT", { name: "Spare bot" });

    const page = await caller.service.get({ id: service.id });
    expect(page.assets.map((a) => [a.id, a.typeLabel, a.channelLabel])).toEqual([[asset.id, "Web chat", "WEBCHAT"]]);
    expect(page.available.assets.map((a) => a.id)).toEqual([free.id]);
    expect(page.available.integrations.map((i) => i.id)).toEqual([spare.id]);
    expect(page.integrations.map((i) => i.id)).toContain(bot.id);
  });
});

describe("attaching channel assets", () => {
  it("an asset belongs to one service at most; attaching again to the same one is harmless", async () => {
    const { caller, service, asset } = await supportService();
    await caller.service.attachAsset({ serviceId: service.id, assetId: asset.id });
    const other = await caller.service.create({ name: "Other" });
    const error = await expectTrpcError(
      caller.service.attachAsset({ serviceId: other.id, assetId: asset.id }),
      "CONFLICT",
      'Channel "Website" already belongs to service "Support": detach it there first',
    );
    expect(fieldOf(error)).toBe("assetId");
    expect((await db().channelAsset.findUniqueOrThrow({ where: { id: asset.id } })).serviceId).toBe(service.id);
  });

  it("two services racing for one asset: exactly one wins", async () => {
    const owner = await createOwner();
    const { caller } = await callerFor(owner.userId);
    const { asset } = await caller.channel.create({ type: "WEB_CHAT", name: "Website" });
    const services = await Promise.all(["A", "B", "C", "D"].map((name) => caller.service.create({ name })));
    const results = await Promise.allSettled(services.map((s) => caller.service.attachAsset({ serviceId: s.id, assetId: asset.id })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const row = await db().channelAsset.findUniqueOrThrow({ where: { id: asset.id } });
    const winner = services[results.findIndex((r) => r.status === "fulfilled")]!;
    expect(row.serviceId).toBe(winner.id);
  });

  it("detaching is refused while a rule of the service uses the asset, naming the rule", async () => {
    const { caller, service, asset, ccsp } = await supportService();
    const rule = await caller.rule.create({ serviceId: service.id, channelAssetId: asset.id, event: "HANDOVER", actionType: "CCSP", ccspIntegrationId: ccsp.id });
    await expectTrpcError(
      caller.service.detachAsset({ serviceId: service.id, assetId: asset.id }),
      "CONFLICT",
      'Channel "Website" is used by rule 1 of service "Support" (Handover on "Website" → Forward the message to CCSP integration). Change or delete that rule first.',
    );
    await caller.rule.delete({ id: rule.id });
    await caller.service.detachAsset({ serviceId: service.id, assetId: asset.id });
    expect((await db().channelAsset.findUniqueOrThrow({ where: { id: asset.id } })).serviceId).toBeNull();
    await expectTrpcError(caller.service.detachAsset({ serviceId: service.id, assetId: asset.id }), "NOT_FOUND", "This channel is not attached to this service");
  });
});

describe("mapping integrations", () => {
  it("works from the integration side too: where it is mapped and where it could be", async () => {
    const { caller, service, bot } = await supportService();
    const billing = await caller.service.create({ name: "Billing" });
    expect(await caller.service.ofIntegration({ integrationId: bot.id })).toEqual({
      integration: { id: bot.id, name: "Helpdesk bot", kind: "BOT" },
      mapped: [{ id: service.id, name: "Support" }],
      available: [{ id: billing.id, name: "Billing" }],
    });
    // "Map the added BOT integration to a service and click Save": twice is harmless.
    await caller.service.mapIntegration({ serviceId: billing.id, integrationId: bot.id });
    await caller.service.mapIntegration({ serviceId: billing.id, integrationId: bot.id });
    expect((await caller.service.ofIntegration({ integrationId: bot.id })).mapped.map((s) => s.name)).toEqual(["Billing", "Support"]);
    expect(await db().serviceIntegration.count({ where: { integrationId: bot.id } })).toBe(2);
    const missing = await expectTrpcError(caller.service.mapIntegration({ serviceId: billing.id, integrationId: "" }), "BAD_REQUEST", "Choose an integration");
    expect(fieldOf(missing)).toBe("integrationId");
  });

  it("unmapping is refused while a rule of the service uses the integration, naming the rule", async () => {
    const { caller, service, asset, bot, ccsp } = await supportService();
    await caller.rule.create({ serviceId: service.id, channelAssetId: asset.id, event: "INCOMING_MESSAGE", actionType: "BOT", botIntegrationId: bot.id });
    const rule = await caller.rule.create({
      serviceId: service.id,
      channelAssetId: asset.id,
      event: "INCOMING_MESSAGE",
      actionType: "BOT_CCSP",
      botIntegrationId: bot.id,
      ccspIntegrationId: ccsp.id,
    });
    await expectTrpcError(
      caller.service.unmapIntegration({ serviceId: service.id, integrationId: bot.id }),
      "CONFLICT",
      'Integration "Helpdesk bot" is used by 2 rules: rule 1 of service "Support" (Incoming message on "Website" → Forward the message to BOT) and rule 2 of service "Support" (Incoming message on "Website" → Forward the message to be handled by BOT + CCSP). Change or delete those rules first.',
    );
    await expectTrpcError(
      caller.service.unmapIntegration({ serviceId: service.id, integrationId: ccsp.id }),
      "CONFLICT",
      /^Integration "Agents" is used by rule 2 of service "Support"/,
    );
    await caller.rule.update({ id: rule.id, channelAssetId: asset.id, event: "INCOMING_MESSAGE", actionType: "BOT", botIntegrationId: bot.id });
    await caller.service.unmapIntegration({ serviceId: service.id, integrationId: ccsp.id });
    expect((await caller.service.get({ id: service.id })).integrations.map((i) => i.name)).toEqual(["Helpdesk bot"]);
    await expectTrpcError(caller.service.unmapIntegration({ serviceId: service.id, integrationId: ccsp.id }), "NOT_FOUND", "This integration is not mapped to this service");
  });
});

describe("deleting a service", () => {
  it("is refused while it has rules, naming them; otherwise the confirmation names what it lets go of", async () => {
    const { caller, service, asset, bot, ccsp } = await supportService();
    const rule = await caller.rule.create({ serviceId: service.id, channelAssetId: asset.id, event: "INCOMING_MESSAGE", actionType: "BOT", botIntegrationId: bot.id });
    const refused =
      'Service "Support" has a rule routing messages: rule 1 of service "Support" (Incoming message on "Website" → Forward the message to BOT). Delete that rule first.';
    expect((await caller.service.get({ id: service.id })).deletion).toEqual({ allowed: false, message: refused });
    await expectTrpcError(caller.service.delete({ id: service.id }), "CONFLICT", refused);

    await caller.rule.delete({ id: rule.id });
    expect((await caller.service.get({ id: service.id })).deletion).toEqual({
      allowed: true,
      message:
        'Delete service "Support"? Channel "Website" is detached from it (and kept). Integrations "Helpdesk bot", "Agents" are unmapped from it (and kept).',
    });
    await caller.service.delete({ id: service.id });
    expect(await db().service.count({ where: { id: service.id } })).toBe(0);
    expect((await db().channelAsset.findUniqueOrThrow({ where: { id: asset.id } })).serviceId).toBeNull();
    expect(await db().integration.count({ where: { id: { in: [bot.id, ccsp.id] } } })).toBe(2);

    const empty = await caller.service.create({ name: "Empty" });
    expect((await caller.service.get({ id: empty.id })).deletion.message).toBe('Delete service "Empty"? Nothing else depends on it.');
  });
});

describe("services: roles and tenants", () => {
  it("every role reads; AGENT and VIEWER change nothing", async () => {
    const { owner, service, asset, bot } = await supportService();
    const admin = await createMember(owner.tenantId, "ADMIN");
    const { caller: adminCaller } = await callerFor(admin.userId);
    const byAdmin = await adminCaller.service.create({ name: "By admin" });
    await adminCaller.service.mapIntegration({ serviceId: byAdmin.id, integrationId: bot.id });

    for (const role of ["AGENT", "VIEWER"] as const) {
      const member = await createMember(owner.tenantId, role);
      const { caller } = await callerFor(member.userId);
      expect((await caller.service.list()).map((s) => s.name)).toEqual(["By admin", "Support"]);
      expect((await caller.service.get({ id: service.id })).assets).toHaveLength(1);
      expect((await caller.service.ofIntegration({ integrationId: bot.id })).mapped).toHaveLength(2);
      await expectTrpcError(caller.service.create({ name: "Nope" }), "FORBIDDEN");
      await expectTrpcError(caller.service.rename({ id: service.id, name: "Nope" }), "FORBIDDEN");
      await expectTrpcError(caller.service.delete({ id: byAdmin.id }), "FORBIDDEN");
      await expectTrpcError(caller.service.attachAsset({ serviceId: byAdmin.id, assetId: asset.id }), "FORBIDDEN");
      await expectTrpcError(caller.service.detachAsset({ serviceId: service.id, assetId: asset.id }), "FORBIDDEN");
      await expectTrpcError(caller.service.mapIntegration({ serviceId: service.id, integrationId: bot.id }), "FORBIDDEN");
      await expectTrpcError(caller.service.unmapIntegration({ serviceId: byAdmin.id, integrationId: bot.id }), "FORBIDDEN");
    }
    expect(await db().service.count({ where: { tenantId: owner.tenantId } })).toBe(2);
    expect(await db().serviceIntegration.count({ where: { integrationId: bot.id } })).toBe(2);
  });

  it("another tenant can neither read nor change a service, nor use its channels and integrations", async () => {
    const acme = await supportService("Acme");
    const globex = await createOwner("Globex");
    const { caller } = await callerFor(globex.userId, acme.owner.tenantId);
    const own = await caller.service.create({ name: "Support" });
    const ownAsset = (await caller.channel.create({ type: "WEB_CHAT", name: "Globex chat" })).asset;
    const ownBot = await createPlaceholderIntegration(globex.tenantId, "BOT");

    expect((await caller.service.list()).map((s) => s.id)).toEqual([own.id]);
    await expectTrpcError(caller.service.get({ id: acme.service.id }), "NOT_FOUND", "Service not found");
    await expectTrpcError(caller.service.rename({ id: acme.service.id, name: "Mine" }), "NOT_FOUND");
    await expectTrpcError(caller.service.delete({ id: acme.service.id }), "NOT_FOUND");
    // Their channel or integration into my service, or mine into theirs.
    await expectTrpcError(caller.service.attachAsset({ serviceId: own.id, assetId: acme.asset.id }), "NOT_FOUND", "Channel not found");
    await expectTrpcError(caller.service.attachAsset({ serviceId: acme.service.id, assetId: ownAsset.id }), "NOT_FOUND", "Service not found");
    await expectTrpcError(caller.service.detachAsset({ serviceId: acme.service.id, assetId: acme.asset.id }), "NOT_FOUND");
    await expectTrpcError(caller.service.mapIntegration({ serviceId: own.id, integrationId: acme.bot.id }), "NOT_FOUND", "Integration not found");
    await expectTrpcError(caller.service.mapIntegration({ serviceId: acme.service.id, integrationId: ownBot.id }), "NOT_FOUND", "Service not found");
    await expectTrpcError(caller.service.unmapIntegration({ serviceId: acme.service.id, integrationId: acme.bot.id }), "NOT_FOUND");
    await expectTrpcError(caller.service.ofIntegration({ integrationId: acme.bot.id }), "NOT_FOUND");

    const page = await acme.caller.service.get({ id: acme.service.id });
    expect(page).toMatchObject({ name: "Support", assets: [{ id: acme.asset.id }] });
    expect(page.integrations.map((i) => i.id)).toEqual([acme.bot.id, acme.ccsp.id]);
    expect(page.available.integrations).toEqual([]);
    expect(page.available.assets).toEqual([]);
  });
});
