// Picks the rule that handles an inbound event. Pure: callers load rules and act on the decision.
import { testRulePattern } from "./safe-regex";
import type { InboundForRouting, RoutingDecision, RoutingRule, RuleCondition } from "./types";

export function conditionMatches(condition: RuleCondition, inbound: InboundForRouting): boolean {
  switch (condition.type) {
    case "TEXT_CONTAINS": {
      if (inbound.text === null) return false;
      if (condition.caseSensitive) return inbound.text.includes(condition.value);
      return inbound.text.toLowerCase().includes(condition.value.toLowerCase());
    }
    case "TEXT_MATCHES":
      if (inbound.text === null) return false;
      return testRulePattern(condition.pattern, condition.flags, inbound.text);
    case "MESSAGE_TYPE":
      // Channels differ in casing ("text" vs "TEXT"); the type is a label, not user content.
      return inbound.messageType.toLowerCase() === condition.value.toLowerCase();
    case "CHANNEL_USER":
      return inbound.channelUserId === condition.value;
    default:
      // Stored JSON with an unknown type never matches rather than crashing routing.
      return false;
  }
}

function ruleMatches(rule: RoutingRule, inbound: InboundForRouting): boolean {
  return (
    rule.enabled &&
    rule.channelAssetId === inbound.channelAssetId &&
    rule.event === inbound.event &&
    rule.conditions.every((condition) => conditionMatches(condition, inbound))
  );
}

/**
 * Rules in position order (stable, input untouched); the first enabled match wins. A postback
 * goes to the first matching Postback rule; without one, to the first matching Incoming message
 * rule that covers postbacks (the default), so a bot's quick reply never lands nowhere.
 */
export function routeMessage(rules: readonly RoutingRule[], inbound: InboundForRouting): RoutingDecision {
  const ordered = [...rules].sort((a, b) => a.position - b.position);
  let rule = ordered.find((candidate) => ruleMatches(candidate, inbound));
  if (!rule && inbound.event === "POSTBACK") {
    const asMessage: InboundForRouting = { ...inbound, event: "INCOMING_MESSAGE" };
    rule = ordered.find((candidate) => candidate.coversPostbacks !== false && ruleMatches(candidate, asMessage));
  }
  return rule ? { kind: "ROUTED", ruleId: rule.id, action: rule.action } : { kind: "NO_RULE" };
}
