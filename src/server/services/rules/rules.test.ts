import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { rulesFromRows } from "@/server/routing/from-rows";
import { routeMessage } from "@/server/routing/route-message";
import { anonymousCaller, callerFor, createMember, createPlaceholderIntegration } from "@/test/factories";
import { expectTrpcError, fieldOf } from "@/test/trpc-errors";
import { supportService } from "@/test/support-service";

type Setup = Awaited<ReturnType<typeof supportService>>;

const botRule = (s: Setup, extra: Record<string, unknown> = {}) => ({
  serviceId: s.service.id,
  channelAssetId: s.asset.id,
  event: "INCOMING_MESSAGE" as const,
  actionType: "BOT" as const,
  botIntegrationId: s.bot.id,
  ...extra,
});

async function positions(serviceId: string) {
  const rows = await db().rule.findMany({ where: { serviceId }, orderBy: { position: "asc" } });
  return rows.map((r) => [r.id, r.position]);
}

describe("rules", () => {
  it("are listed in order with their trigger, conditions and action as the seed words them", async () => {
    const s = await supportService();
    const first = await s.caller.rule.create(botRule(s, { conditions: [{ type: "TEXT_CONTAINS", value: "refund" }] }));
    const second = await s.caller.rule.create({
      serviceId: s.service.id,
      channelAssetId: s.asset.id,
      event: "POSTBACK",
      actionType: "CCSP",
      ccspIntegrationId: s.ccsp.id,
      botIntegrationId: s.bot.id, // not used by a CCSP action: not stored
    });
    const third = await s.caller.rule.create({
      serviceId: s.service.id,
      channelAssetId: s.asset.id,
      event: "HANDOVER",
      actionType: "BOT_CCSP",
      botIntegrationId: s.bot.id,
      ccspIntegrationId: s.ccsp.id,
      handoverWhenBotUnavailable: false,
      conditions: [
        { type: "TEXT_MATCHES", pattern: "^order \\d+$", flags: "i" },
        { type: "MESSAGE_TYPE", value: "text" },
        { type: "CHANNEL_USER", value: "user-42" },
      ],
    });

    const rules = await s.caller.rule.list({ serviceId: s.service.id });
    expect(rules.map((r) => [r.id, r.number, r.triggerText, r.actionText])).toEqual([
      [first.id, 1, 'Incoming message on "Website"', 'Forward the message to BOT "Helpdesk bot"'],
      [second.id, 2, 'Postback on "Website"', 'Forward the message to CCSP integration "Agents"'],
      [third.id, 3, 'Handover on "Website"', 'Forward the message to be handled by BOT + CCSP: BOT "Helpdesk bot", CCSP "Agents"'],
    ]);
    expect(rules[0]!.conditionTexts).toEqual(['Text contains "refund"']);
    expect(rules[2]!.conditionTexts).toEqual(["Text matches regular expression /^order \\d+$/i", 'Message type is "text"', 'Channel user is "user-42"']);
    expect(rules[2]).toMatchObject({ eventLabel: "Handover", actionLabel: "Forward the message to be handled by BOT + CCSP", handoverWhenBotUnavailable: false, enabled: true });
    const stored = await db().rule.findUniqueOrThrow({ where: { id: second.id } });
    expect(stored).toMatchObject({ botIntegrationId: null, ccspIntegrationId: s.ccsp.id, tenantId: s.owner.tenantId, position: 1 });
    // The service page lists the same rules.
    expect((await s.caller.service.get({ id: s.service.id })).rules.map((r) => r.id)).toEqual([first.id, second.id, third.id]);
  });

  it("BOT + CCSP may hand over as soon as a customer message fails once; no other rule keeps that choice", async () => {
    const s = await supportService();
    const both = { actionType: "BOT_CCSP" as const, botIntegrationId: s.bot.id, ccspIntegrationId: s.ccsp.id };
    const sooner = await s.caller.rule.create(botRule(s, { ...both, handoverWhenBotUnavailable: true, handoverOnFirstFailure: true }));
    const never = await s.caller.rule.create(botRule(s, { ...both, handoverWhenBotUnavailable: false, handoverOnFirstFailure: true }));
    const botOnly = await s.caller.rule.create(botRule(s, { handoverOnFirstFailure: true }));
    const stored = async (id: string) => (await db().rule.findUniqueOrThrow({ where: { id } })).handoverOnFirstFailure;
    expect([await stored(sooner.id), await stored(never.id), await stored(botOnly.id)]).toEqual([true, false, false]);
    const listed = await s.caller.rule.list({ serviceId: s.service.id });
    expect(listed.find((r) => r.id === sooner.id)).toMatchObject({ handoverWhenBotUnavailable: true, handoverOnFirstFailure: true });
  });

  it("stored rules drive the routing function: order, conditions, disabled rules, no rule", async () => {
    const s = await supportService();
    const refunds = await s.caller.rule.create(botRule(s, { actionType: "CCSP", botIntegrationId: null, ccspIntegrationId: s.ccsp.id, conditions: [{ type: "TEXT_CONTAINS", value: "refund" }] }));
    const catchAll = await s.caller.rule.create(botRule(s));
    const load = async () => rulesFromRows(await db().rule.findMany({ where: { serviceId: s.service.id } }));
    const inbound = { channelAssetId: s.asset.id, event: "INCOMING_MESSAGE" as const, messageType: "text", channelUserId: "u1" };

    expect(routeMessage(await load(), { ...inbound, text: "I want a REFUND" })).toEqual({ kind: "ROUTED", ruleId: refunds.id, action: { type: "CCSP", ccspIntegrationId: s.ccsp.id } });
    expect(routeMessage(await load(), { ...inbound, text: "hello" })).toMatchObject({ ruleId: catchAll.id });
    await s.caller.rule.move({ id: catchAll.id, direction: "up" });
    expect(routeMessage(await load(), { ...inbound, text: "I want a refund" })).toMatchObject({ ruleId: catchAll.id });
    await s.caller.rule.setEnabled({ id: catchAll.id, enabled: false });
    expect(routeMessage(await load(), { ...inbound, text: "I want a refund" })).toMatchObject({ ruleId: refunds.id });
    expect(routeMessage(await load(), { ...inbound, text: "hello" })).toEqual({ kind: "NO_RULE" });
    expect(routeMessage(await load(), { ...inbound, event: "POSTBACK", text: null })).toEqual({ kind: "NO_RULE" });
  });

  it("move up and down, keeping positions dense, also after deletes and under concurrent moves", async () => {
    const s = await supportService();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await s.caller.rule.create(botRule(s))).id);
    const [r1, r2, r3, r4] = ids as [string, string, string, string];

    expect((await s.caller.rule.move({ id: r3, direction: "up" })).map((r) => r.id)).toEqual([r1, r3, r2, r4]);
    expect((await s.caller.rule.move({ id: r1, direction: "down" })).map((r) => r.id)).toEqual([r3, r1, r2, r4]);
    // Edges: nothing moves.
    expect((await s.caller.rule.move({ id: r3, direction: "up" })).map((r) => r.id)).toEqual([r3, r1, r2, r4]);
    expect((await s.caller.rule.move({ id: r4, direction: "down" })).map((r) => r.id)).toEqual([r3, r1, r2, r4]);
    expect(await positions(s.service.id)).toEqual([[r3, 0], [r1, 1], [r2, 2], [r4, 3]]);

    await s.caller.rule.delete({ id: r1 });
    expect(await positions(s.service.id)).toEqual([[r3, 0], [r2, 1], [r4, 2]]);
    const r5 = (await s.caller.rule.create(botRule(s))).id;
    expect(await positions(s.service.id)).toEqual([[r3, 0], [r2, 1], [r4, 2], [r5, 3]]);

    await Promise.all([
      s.caller.rule.move({ id: r5, direction: "up" }),
      s.caller.rule.move({ id: r3, direction: "down" }),
      s.caller.rule.move({ id: r4, direction: "up" }),
      s.caller.rule.move({ id: r2, direction: "down" }),
      s.caller.rule.create(botRule(s)),
    ]);
    const after = await positions(s.service.id);
    expect(after.map(([, position]) => position)).toEqual([0, 1, 2, 3, 4]);
    expect(new Set(after.map(([id]) => id)).size).toBe(5);
  });

  it("are enabled and disabled", async () => {
    const s = await supportService();
    const rule = await s.caller.rule.create(botRule(s, { enabled: false }));
    expect(rule.enabled).toBe(false);
    await s.caller.rule.setEnabled({ id: rule.id, enabled: true });
    expect((await s.caller.rule.list({ serviceId: s.service.id }))[0]!.enabled).toBe(true);
  });

  it("are edited with the same checks", async () => {
    const s = await supportService();
    const rule = await s.caller.rule.create(botRule(s));
    const edited = await s.caller.rule.update({
      id: rule.id,
      channelAssetId: s.asset.id,
      event: "INCOMING_MESSAGE",
      actionType: "BOT_CCSP",
      botIntegrationId: s.bot.id,
      ccspIntegrationId: s.ccsp.id,
      conditions: [{ type: "MESSAGE_TYPE", value: "image" }],
    });
    expect(edited).toMatchObject({ actionType: "BOT_CCSP", number: 1, conditionTexts: ['Message type is "image"'] });
    await expectTrpcError(
      s.caller.rule.update({ id: rule.id, channelAssetId: s.asset.id, event: "INCOMING_MESSAGE", actionType: "BOT_CCSP", botIntegrationId: s.bot.id }),
      "BAD_REQUEST",
      "A BOT + CCSP rule needs both a BOT and a CCSP integration: choose the CCSP",
    );
    expect((await db().rule.findUniqueOrThrow({ where: { id: rule.id } })).ccspIntegrationId).toBe(s.ccsp.id);
  });
});

describe("rule validation", () => {
  it("a BOT + CCSP rule needs both; BOT and CCSP rules need theirs", async () => {
    const s = await supportService();
    const base = { serviceId: s.service.id, channelAssetId: s.asset.id, event: "INCOMING_MESSAGE" as const };
    const noCcsp = await expectTrpcError(
      s.caller.rule.create({ ...base, actionType: "BOT_CCSP", botIntegrationId: s.bot.id }),
      "BAD_REQUEST",
      "A BOT + CCSP rule needs both a BOT and a CCSP integration: choose the CCSP",
    );
    expect(fieldOf(noCcsp)).toBe("ccspIntegrationId");
    const noBot = await expectTrpcError(
      s.caller.rule.create({ ...base, actionType: "BOT_CCSP", ccspIntegrationId: s.ccsp.id, botIntegrationId: "" }),
      "BAD_REQUEST",
      "A BOT + CCSP rule needs both a BOT and a CCSP integration: choose the BOT",
    );
    expect(fieldOf(noBot)).toBe("botIntegrationId");
    await expectTrpcError(s.caller.rule.create({ ...base, actionType: "BOT", ccspIntegrationId: s.ccsp.id }), "BAD_REQUEST", "Choose the BOT integration");
    await expectTrpcError(s.caller.rule.create({ ...base, actionType: "CCSP", botIntegrationId: s.bot.id }), "BAD_REQUEST", "Choose the CCSP integration");
    expect(await db().rule.count({ where: { serviceId: s.service.id } })).toBe(0);
  });

  it("the action's integrations must be of the right kind", async () => {
    const s = await supportService();
    const base = { serviceId: s.service.id, channelAssetId: s.asset.id, event: "INCOMING_MESSAGE" as const };
    const asBot = await expectTrpcError(
      s.caller.rule.create({ ...base, actionType: "BOT", botIntegrationId: s.ccsp.id }),
      "BAD_REQUEST",
      'Integration "Agents" is a CCSP integration: choose a BOT integration',
    );
    expect(fieldOf(asBot)).toBe("botIntegrationId");
    const asCcsp = await expectTrpcError(
      s.caller.rule.create({ ...base, actionType: "BOT_CCSP", botIntegrationId: s.bot.id, ccspIntegrationId: s.bot.id }),
      "BAD_REQUEST",
      'Integration "Helpdesk bot" is a BOT integration: choose a CCSP integration',
    );
    expect(fieldOf(asCcsp)).toBe("ccspIntegrationId");
  });

  it("the action's integrations must be mapped to the service", async () => {
    const s = await supportService();
    const unmapped = await createPlaceholderIntegration(s.owner.tenantId, "CCSP", { name: "Other desk" });
    const error = await expectTrpcError(
      s.caller.rule.create({ ...botRule(s), actionType: "CCSP", ccspIntegrationId: unmapped.id }),
      "BAD_REQUEST",
      'Integration "Other desk" is not mapped to service "Support": map it to the service first',
    );
    expect(fieldOf(error)).toBe("ccspIntegrationId");
    // Mapped to another service of the tenant is not enough.
    const other = await s.caller.service.create({ name: "Other" });
    await s.caller.service.mapIntegration({ serviceId: other.id, integrationId: unmapped.id });
    await expectTrpcError(s.caller.rule.create({ ...botRule(s), actionType: "CCSP", ccspIntegrationId: unmapped.id }), "BAD_REQUEST", /is not mapped to service "Support"/);
    await s.caller.service.mapIntegration({ serviceId: s.service.id, integrationId: unmapped.id });
    await s.caller.rule.create({ ...botRule(s), actionType: "CCSP", ccspIntegrationId: unmapped.id });
  });

  it("the trigger channel must be attached to the rule's service", async () => {
    const s = await supportService();
    const loose = (await s.caller.channel.create({ type: "WEB_CHAT", name: "Loose chat" })).asset;
    const error = await expectTrpcError(
      s.caller.rule.create(botRule(s, { channelAssetId: loose.id })),
      "BAD_REQUEST",
      'Channel "Loose chat" is not attached to service "Support": attach it to the service first',
    );
    expect(fieldOf(error)).toBe("channelAssetId");
    const other = await s.caller.service.create({ name: "Other" });
    await s.caller.service.attachAsset({ serviceId: other.id, assetId: loose.id });
    await expectTrpcError(s.caller.rule.create(botRule(s, { channelAssetId: loose.id })), "BAD_REQUEST", /is not attached to service "Support"/);
    await expectTrpcError(s.caller.rule.create(botRule(s, { channelAssetId: "nope" })), "BAD_REQUEST", "The trigger channel was not found");
    await expectTrpcError(s.caller.rule.create(botRule(s, { event: "DELIVERY" })), "BAD_REQUEST", "Choose an event");
  });

  it("conditions are checked: hostile or invalid regular expressions and empty values are refused at save time", async () => {
    const s = await supportService();
    const cases: [unknown[], string, string][] = [
      [[{ type: "TEXT_MATCHES", pattern: "(a+)\\1" }], "Condition 1: Backreferences and lookaround are not supported", "conditions.0"],
      [[{ type: "TEXT_CONTAINS", value: "ok" }, { type: "TEXT_MATCHES", pattern: "(?=admin).*" }], "Condition 2: Backreferences and lookaround are not supported", "conditions.1"],
      [[{ type: "TEXT_MATCHES", pattern: "a".repeat(201) }], "Condition 1: Pattern must be at most 200 characters", "conditions.0"],
      [[{ type: "TEXT_MATCHES", pattern: "a{1001}" }], "Condition 1: Invalid pattern: invalid repeat count near {1001}", "conditions.0"],
      [[{ type: "TEXT_MATCHES", pattern: "x", flags: "g" }], 'Condition 1: Unsupported flag "g": only i, m and s are allowed', "conditions.0"],
      [[{ type: "CHANNEL_USER", value: "  " }], "Condition 1: Value must not be empty", "conditions.0"],
      [Array.from({ length: 21 }, () => ({ type: "MESSAGE_TYPE", value: "text" })), "Condition 21: At most 20 conditions per rule", "conditions.20"],
    ];
    for (const [conditions, message, field] of cases) {
      const error = await expectTrpcError(s.caller.rule.create(botRule(s, { conditions })), "BAD_REQUEST", message);
      expect(fieldOf(error)).toBe(field);
    }
    await expectTrpcError(s.caller.rule.create(botRule(s, { conditions: [{ type: "TEXT_STARTS", value: "x" }] })), "BAD_REQUEST");
    expect(await db().rule.count({ where: { serviceId: s.service.id } })).toBe(0);
    // RE2 runs catastrophic-backtracking patterns in linear time, so they are fine to save.
    await s.caller.rule.create(botRule(s, { conditions: [{ type: "TEXT_MATCHES", pattern: "^(a+)+$" }] }));
  });
});

describe("rules: roles and tenants", () => {
  it("every role reads rules; AGENT and VIEWER change nothing", async () => {
    const s = await supportService();
    const rule = await s.caller.rule.create(botRule(s));
    const admin = await createMember(s.owner.tenantId, "ADMIN");
    const { caller: adminCaller } = await callerFor(admin.userId);
    await adminCaller.rule.create(botRule(s));
    await adminCaller.rule.move({ id: rule.id, direction: "down" });

    for (const role of ["AGENT", "VIEWER"] as const) {
      const member = await createMember(s.owner.tenantId, role);
      const { caller } = await callerFor(member.userId);
      expect(await caller.rule.list({ serviceId: s.service.id })).toHaveLength(2);
      await expectTrpcError(caller.rule.create(botRule(s)), "FORBIDDEN");
      await expectTrpcError(caller.rule.update({ id: rule.id, ...botRule(s) }), "FORBIDDEN");
      await expectTrpcError(caller.rule.setEnabled({ id: rule.id, enabled: false }), "FORBIDDEN");
      await expectTrpcError(caller.rule.move({ id: rule.id, direction: "up" }), "FORBIDDEN");
      await expectTrpcError(caller.rule.delete({ id: rule.id }), "FORBIDDEN");
    }
    expect(await db().rule.findUniqueOrThrow({ where: { id: rule.id } })).toMatchObject({ enabled: true, position: 1 });
  });

  it("another tenant can neither read nor change rules, nor point rules at this tenant's channels or integrations", async () => {
    const acme = await supportService("Acme");
    const rule = await acme.caller.rule.create(botRule(acme));
    const globex = await supportService("Globex");
    const before = await db().rule.findUniqueOrThrow({ where: { id: rule.id } });

    await expectTrpcError(globex.caller.rule.list({ serviceId: acme.service.id }), "NOT_FOUND");
    await expectTrpcError(globex.caller.rule.create(botRule(acme)), "NOT_FOUND", "Service not found");
    await expectTrpcError(globex.caller.rule.update({ id: rule.id, ...botRule(globex) }), "NOT_FOUND", "Rule not found");
    await expectTrpcError(globex.caller.rule.setEnabled({ id: rule.id, enabled: false }), "NOT_FOUND");
    await expectTrpcError(globex.caller.rule.move({ id: rule.id, direction: "down" }), "NOT_FOUND");
    await expectTrpcError(globex.caller.rule.delete({ id: rule.id }), "NOT_FOUND");
    // Their own service, with Acme's channel or integrations.
    await expectTrpcError(globex.caller.rule.create(botRule(globex, { channelAssetId: acme.asset.id })), "BAD_REQUEST", "The trigger channel was not found");
    await expectTrpcError(globex.caller.rule.create(botRule(globex, { botIntegrationId: acme.bot.id })), "BAD_REQUEST", "The chosen integration was not found");
    expect(await db().rule.findUniqueOrThrow({ where: { id: rule.id } })).toEqual(before);
    expect(await db().rule.count({ where: { tenantId: globex.owner.tenantId } })).toBe(0);
  });

  it("anonymous callers get nothing", async () => {
    const s = await supportService();
    await expectTrpcError(anonymousCaller().rule.list({ serviceId: s.service.id }), "UNAUTHORIZED");
    await expectTrpcError(anonymousCaller().service.list(), "UNAUTHORIZED");
    await expectTrpcError(anonymousCaller().channel.list(), "UNAUTHORIZED");
    await expectTrpcError(anonymousCaller().rule.create(botRule(s)), "UNAUTHORIZED");
  });
});
