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

/** Rules in position order (stable, input untouched); the first enabled match wins. */
export function routeMessage(rules: readonly RoutingRule[], inbound: InboundForRouting): RoutingDecision {
  const ordered = [...rules].sort((a, b) => a.position - b.position);
  const rule = ordered.find((candidate) => ruleMatches(candidate, inbound));
  return rule ? { kind: "ROUTED", ruleId: rule.id, action: rule.action } : { kind: "NO_RULE" };
}
