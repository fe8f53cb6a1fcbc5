import { describe, expect, it } from "vitest";
import { ruleFromRow, rulesFromRows, type RuleRow } from "@/server/routing/from-rows";
import { routeMessage } from "@/server/routing/route-message";

function row(overrides: Partial<RuleRow> = {}): RuleRow {
  return {
    id: "rule-1",
    position: 0,
    enabled: true,
    channelAssetId: "asset-1",
    event: "INCOMING_MESSAGE",
    conditions: [],
    actionType: "BOT",
    botIntegrationId: "bot-1",
    ccspIntegrationId: null,
    handoverWhenBotUnavailable: true,
    ...overrides,
  };
}

describe("ruleFromRow", () => {
  it("maps each action type with only the integrations it uses", () => {
    expect(ruleFromRow(row({ ccspIntegrationId: "stale-ccsp" }))?.action).toEqual({ type: "BOT", botIntegrationId: "bot-1" });
    expect(ruleFromRow(row({ actionType: "CCSP", botIntegrationId: "stale-bot", ccspIntegrationId: "ccsp-1" }))?.action).toEqual({
      type: "CCSP",
      ccspIntegrationId: "ccsp-1",
    });
    expect(
      ruleFromRow(row({ actionType: "BOT_CCSP", ccspIntegrationId: "ccsp-1", handoverWhenBotUnavailable: false }))?.action,
    ).toEqual({ type: "BOT_CCSP", botIntegrationId: "bot-1", ccspIntegrationId: "ccsp-1", handoverWhenBotUnavailable: false });
  });

  it("keeps trigger, order, enabled flag and every condition type", () => {
    const conditions = [
      { type: "TEXT_CONTAINS", value: "refund", caseSensitive: true },
      { type: "TEXT_MATCHES", pattern: "^order \\d+$", flags: "i" },
      { type: "MESSAGE_TYPE", value: "text" },
      { type: "CHANNEL_USER", value: "user-42" },
    ];
    expect(ruleFromRow(row({ id: "r9", position: 3, enabled: false, channelAssetId: "a2", event: "POSTBACK", conditions }))).toEqual({
      id: "r9",
      position: 3,
      enabled: false,
      channelAssetId: "a2",
      event: "POSTBACK",
      conditions,
      action: { type: "BOT", botIntegrationId: "bot-1" },
      coversPostbacks: true,
    });
    expect(ruleFromRow(row({ coversPostbacks: false }))?.coversPostbacks).toBe(false);
  });

  it("refuses rows an action cannot be read from", () => {
    expect(ruleFromRow(row({ botIntegrationId: null }))).toBeNull();
    expect(ruleFromRow(row({ actionType: "CCSP", ccspIntegrationId: null }))).toBeNull();
    expect(ruleFromRow(row({ actionType: "BOT_CCSP", ccspIntegrationId: null }))).toBeNull();
    expect(ruleFromRow(row({ actionType: "BOT_CCSP", botIntegrationId: null, ccspIntegrationId: "c" }))).toBeNull();
  });

  it("refuses rows whose stored conditions are not valid conditions", () => {
    expect(ruleFromRow(row({ conditions: {} }))).toBeNull();
    expect(ruleFromRow(row({ conditions: null }))).toBeNull();
    expect(ruleFromRow(row({ conditions: [{ type: "SOMETHING_NEW", value: "x" }] }))).toBeNull();
    expect(ruleFromRow(row({ conditions: [{ type: "TEXT_CONTAINS" }] }))).toBeNull();
    expect(ruleFromRow(row({ conditions: [{ type: "TEXT_CONTAINS", value: "ok" }, "junk"] }))).toBeNull();
  });
});

describe("rulesFromRows", () => {
  it("leaves malformed rows out so they never match, instead of widening them", () => {
    const rows = [
      row({ id: "broken", position: 0, conditions: [{ type: "TEXT_CONTAINS", value: 42 }] }),
      row({ id: "fallback", position: 1, actionType: "CCSP", botIntegrationId: null, ccspIntegrationId: "ccsp-1" }),
    ];
    const rules = rulesFromRows(rows);
    expect(rules.map((r) => r.id)).toEqual(["fallback"]);
    const inbound = { channelAssetId: "asset-1", event: "INCOMING_MESSAGE", text: "hi", messageType: "text", channelUserId: "u" } as const;
    expect(routeMessage(rules, inbound)).toEqual({ kind: "ROUTED", ruleId: "fallback", action: { type: "CCSP", ccspIntegrationId: "ccsp-1" } });
  });

  it("feeds the router stored rows in position order, first match wins", () => {
    const rows = [
      row({ id: "late", position: 2 }),
      row({ id: "disabled", position: 0, enabled: false }),
      row({ id: "refunds", position: 1, conditions: [{ type: "TEXT_CONTAINS", value: "refund" }], botIntegrationId: "refund-bot" }),
    ];
    const inbound = { channelAssetId: "asset-1", event: "INCOMING_MESSAGE", messageType: "text", channelUserId: "u" } as const;
    expect(routeMessage(rulesFromRows(rows), { ...inbound, text: "a Refund please" })).toMatchObject({ ruleId: "refunds" });
    expect(routeMessage(rulesFromRows(rows), { ...inbound, text: "hello" })).toMatchObject({ ruleId: "late" });
    expect(routeMessage(rulesFromRows(rows), { ...inbound, event: "HANDOVER", text: "hello" })).toEqual({ kind: "NO_RULE" });
  });
});
