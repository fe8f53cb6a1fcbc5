// How rules are named to tenants in lists and in refusals ("… is used by rule 2 of service …").
// Positions are stored dense from 0 and shown from 1.
import type { RuleActionType, RuleEvent } from "@/generated/prisma/enums";
import { ROUTING_EVENT_LABELS, RULE_ACTION_LABELS } from "@/server/routing/types";

export type DescribableRule = {
  position: number;
  event: RuleEvent;
  actionType: RuleActionType;
  service: { name: string };
  channelAsset: { name: string };
};

/** Prisma `include` that loads what describing a rule needs. */
export const describableRuleInclude = {
  service: { select: { name: true } },
  channelAsset: { select: { name: true } },
} as const;

export function ruleName(rule: Pick<DescribableRule, "position" | "service">): string {
  return `rule ${rule.position + 1} of service "${rule.service.name}"`;
}

export function triggerText(rule: Pick<DescribableRule, "event" | "channelAsset">): string {
  return `${ROUTING_EVENT_LABELS[rule.event]} on "${rule.channelAsset.name}"`;
}

export function ruleSummary(rule: DescribableRule): string {
  return `${ruleName(rule)} (${triggerText(rule)} → ${RULE_ACTION_LABELS[rule.actionType]})`;
}

/** "rule 1 of service "A" (…)", "… and …", or the first few and "and N more". */
export function listRules(rules: readonly DescribableRule[], limit = 3): string {
  const shown = rules.slice(0, limit).map(ruleSummary);
  const more = rules.length - shown.length;
  if (more > 0) return `${shown.join(", ")} and ${more} more`;
  if (shown.length <= 1) return shown.join("");
  return `${shown.slice(0, -1).join(", ")} and ${shown.at(-1)}`;
}

/** "is used by rule 1 …" / "is used by 2 rules: …", for refusals. */
export function usedByRules(rules: readonly DescribableRule[]): string {
  return rules.length === 1 ? `is used by ${listRules(rules)}` : `is used by ${rules.length} rules: ${listRules(rules)}`;
}
