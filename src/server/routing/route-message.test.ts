import { describe, expect, it } from "vitest";
import { routeMessage } from "@/server/routing/route-message";
import type { InboundForRouting, RoutingRule, RuleAction, RuleCondition } from "@/server/routing/types";

const botA: RuleAction = { type: "BOT", botIntegrationId: "bot-a" };
const ccsp: RuleAction = { type: "CCSP", ccspIntegrationId: "ccsp-1" };

function rule(id: string, overrides: Partial<RoutingRule> = {}): RoutingRule {
  return {
    id,
    position: 0,
    enabled: true,
    channelAssetId: "asset-1",
    event: "INCOMING_MESSAGE",
    conditions: [],
    action: botA,
    ...overrides,
  };
}

function inbound(overrides: Partial<InboundForRouting> = {}): InboundForRouting {
  return {
    channelAssetId: "asset-1",
    event: "INCOMING_MESSAGE",
    text: "Hello, I need a Refund please",
    messageType: "TEXT",
    channelUserId: "user-42",
    ...overrides,
  };
}

function matchesWith(condition: RuleCondition, message: Partial<InboundForRouting> = {}): boolean {
  return routeMessage([rule("r", { conditions: [condition] })], inbound(message)).kind === "ROUTED";
}

describe("routeMessage ordering", () => {
  it("evaluates rules by position, not array order", () => {
    const rules = [rule("late", { position: 5, action: ccsp }), rule("early", { position: 1 })];
    expect(routeMessage(rules, inbound())).toEqual({ kind: "ROUTED", ruleId: "early", action: botA });
  });

  it("first match wins and ties keep input order", () => {
    const rules = [rule("first", { position: 2 }), rule("second", { position: 2, action: ccsp })];
    expect(routeMessage(rules, inbound())).toMatchObject({ ruleId: "first" });
  });

  it("falls through a non-matching earlier rule to a later one", () => {
    const rules = [
      rule("refund", { position: 1, conditions: [{ type: "TEXT_CONTAINS", value: "invoice" }] }),
      rule("catch-all", { position: 2, action: ccsp }),
    ];
    expect(routeMessage(rules, inbound())).toEqual({ kind: "ROUTED", ruleId: "catch-all", action: ccsp });
  });

  it("does not mutate the input array", () => {
    const rules = [rule("b", { position: 2 }), rule("a", { position: 1 })];
    const snapshot = structuredClone(rules);
    routeMessage(Object.freeze(rules), inbound());
    expect(rules).toEqual(snapshot);
  });
});

describe("routeMessage triggers", () => {
  it("skips disabled rules", () => {
    const rules = [rule("off", { position: 1, enabled: false }), rule("on", { position: 2 })];
    expect(routeMessage(rules, inbound())).toMatchObject({ ruleId: "on" });
  });

  it("skips rules for another channel asset", () => {
    expect(routeMessage([rule("r", { channelAssetId: "asset-2" })], inbound())).toEqual({ kind: "NO_RULE" });
  });

  it("skips rules for another event", () => {
    expect(routeMessage([rule("r", { event: "POSTBACK" })], inbound())).toEqual({ kind: "NO_RULE" });
    expect(routeMessage([rule("r", { event: "POSTBACK" })], inbound({ event: "POSTBACK", text: null })))
      .toMatchObject({ ruleId: "r" });
  });

  it("sends a postback to an Incoming message rule unless a Postback rule takes it or the rule separates them", () => {
    const postback = inbound({ event: "POSTBACK", text: null });
    // The default: a new Incoming message rule covers the bot's quick replies too.
    expect(routeMessage([rule("m")], postback)).toMatchObject({ ruleId: "m" });
    expect(routeMessage([rule("m", { coversPostbacks: true })], postback)).toMatchObject({ ruleId: "m" });
    // Separated: postbacks need their own rule.
    expect(routeMessage([rule("m", { coversPostbacks: false })], postback)).toEqual({ kind: "NO_RULE" });
    // A Postback rule wins over a covering Incoming message rule, whatever their order.
    const both = [rule("m", { position: 0 }), rule("p", { position: 1, event: "POSTBACK", action: ccsp })];
    expect(routeMessage(both, postback)).toMatchObject({ ruleId: "p" });
    // A Postback rule whose conditions do not match leaves it to the covering rule.
    const narrow = [rule("p", { event: "POSTBACK", conditions: [{ type: "CHANNEL_USER", value: "someone-else" }] }), rule("m", { position: 1 })];
    expect(routeMessage(narrow, postback)).toMatchObject({ ruleId: "m" });
    // A disabled covering rule covers nothing; an ordinary message never goes to a Postback rule.
    expect(routeMessage([rule("m", { enabled: false })], postback)).toEqual({ kind: "NO_RULE" });
    expect(routeMessage([rule("p", { event: "POSTBACK" })], inbound())).toEqual({ kind: "NO_RULE" });
  });

  it("returns NO_RULE when nothing matches or there are no rules", () => {
    expect(routeMessage([], inbound())).toEqual({ kind: "NO_RULE" });
    const rules = [rule("r", { conditions: [{ type: "CHANNEL_USER", value: "someone-else" }] })];
    expect(routeMessage(rules, inbound())).toEqual({ kind: "NO_RULE" });
  });

  it("returns the BOT_CCSP action unchanged", () => {
    const action: RuleAction = {
      type: "BOT_CCSP",
      botIntegrationId: "bot-a",
      ccspIntegrationId: "ccsp-1",
      handoverWhenBotUnavailable: true,
    };
    expect(routeMessage([rule("r", { action })], inbound())).toEqual({ kind: "ROUTED", ruleId: "r", action });
  });
});

describe("routeMessage conditions", () => {
  it("TEXT_CONTAINS is case-insensitive by default", () => {
    expect(matchesWith({ type: "TEXT_CONTAINS", value: "REFUND" })).toBe(true);
    expect(matchesWith({ type: "TEXT_CONTAINS", value: "invoice" })).toBe(false);
  });

  it("TEXT_CONTAINS honours caseSensitive", () => {
    expect(matchesWith({ type: "TEXT_CONTAINS", value: "refund", caseSensitive: true })).toBe(false);
    expect(matchesWith({ type: "TEXT_CONTAINS", value: "Refund", caseSensitive: true })).toBe(true);
  });

  it("TEXT_MATCHES matches, misses, and honours flags", () => {
    expect(matchesWith({ type: "TEXT_MATCHES", pattern: "\\brefund\\b" })).toBe(false);
    expect(matchesWith({ type: "TEXT_MATCHES", pattern: "\\brefund\\b", flags: "i" })).toBe(true);
    expect(matchesWith({ type: "TEXT_MATCHES", pattern: "^order \\d+$" }, { text: "hi\norder 12" })).toBe(false);
    expect(matchesWith({ type: "TEXT_MATCHES", pattern: "^order \\d+$", flags: "m" }, { text: "hi\norder 12" }))
      .toBe(true);
    expect(matchesWith({ type: "TEXT_MATCHES", pattern: "a.b" }, { text: "a\nb" })).toBe(false);
    expect(matchesWith({ type: "TEXT_MATCHES", pattern: "a.b", flags: "s" }, { text: "a\nb" })).toBe(true);
  });

  it("TEXT_MATCHES with an invalid stored pattern never matches and does not throw", () => {
    expect(matchesWith({ type: "TEXT_MATCHES", pattern: "(a)\\1" }, { text: "aa" })).toBe(false);
    expect(matchesWith({ type: "TEXT_MATCHES", pattern: "a", flags: "g" }, { text: "a" })).toBe(false);
  });

  it("null text (e.g. a postback) fails text conditions", () => {
    const noText = { event: "INCOMING_MESSAGE" as const, text: null };
    expect(matchesWith({ type: "TEXT_CONTAINS", value: "a" }, noText)).toBe(false);
    expect(matchesWith({ type: "TEXT_MATCHES", pattern: ".*" }, noText)).toBe(false);
  });

  it("MESSAGE_TYPE compares the type, ignoring case", () => {
    expect(matchesWith({ type: "MESSAGE_TYPE", value: "text" })).toBe(true);
    expect(matchesWith({ type: "MESSAGE_TYPE", value: "IMAGE" })).toBe(false);
  });

  it("CHANNEL_USER requires the exact identifier", () => {
    expect(matchesWith({ type: "CHANNEL_USER", value: "user-42" })).toBe(true);
    expect(matchesWith({ type: "CHANNEL_USER", value: "USER-42" })).toBe(false);
    expect(matchesWith({ type: "CHANNEL_USER", value: "user-4" })).toBe(false);
  });

  it("requires every condition to match (AND)", () => {
    const conditions: RuleCondition[] = [
      { type: "TEXT_CONTAINS", value: "refund" },
      { type: "MESSAGE_TYPE", value: "TEXT" },
      { type: "CHANNEL_USER", value: "user-42" },
    ];
    expect(routeMessage([rule("r", { conditions })], inbound())).toMatchObject({ ruleId: "r" });
    expect(routeMessage([rule("r", { conditions })], inbound({ channelUserId: "user-7" })))
      .toEqual({ kind: "NO_RULE" });
  });
});
