// The shape of a stored or submitted trigger condition. Content rules (lengths, safe patterns)
// live in validate-conditions.ts; this only says what a condition looks like.
import { z } from "zod";
import type { RuleCondition } from "./types";

export const ruleConditionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("TEXT_CONTAINS"), value: z.string(), caseSensitive: z.boolean().optional() }),
  z.object({ type: z.literal("TEXT_MATCHES"), pattern: z.string(), flags: z.string().optional() }),
  z.object({ type: z.literal("MESSAGE_TYPE"), value: z.string() }),
  z.object({ type: z.literal("CHANNEL_USER"), value: z.string() }),
]) satisfies z.ZodType<RuleCondition>;

export const ruleConditionsSchema = z.array(ruleConditionSchema);

/** The condition as stored: only the fields its type uses, no undefined keys. */
export function normalizeCondition(condition: RuleCondition): RuleCondition {
  switch (condition.type) {
    case "TEXT_CONTAINS":
      return condition.caseSensitive
        ? { type: "TEXT_CONTAINS", value: condition.value, caseSensitive: true }
        : { type: "TEXT_CONTAINS", value: condition.value };
    case "TEXT_MATCHES":
      return condition.flags
        ? { type: "TEXT_MATCHES", pattern: condition.pattern, flags: condition.flags }
        : { type: "TEXT_MATCHES", pattern: condition.pattern };
    case "MESSAGE_TYPE":
      return { type: "MESSAGE_TYPE", value: condition.value };
    case "CHANNEL_USER":
      return { type: "CHANNEL_USER", value: condition.value };
  }
}

export const RULE_CONDITION_LABELS: Record<RuleCondition["type"], string> = {
  TEXT_CONTAINS: "Text contains",
  TEXT_MATCHES: "Text matches regular expression",
  MESSAGE_TYPE: "Message type is",
  CHANNEL_USER: "Channel user is",
};

/** One line a tenant can read, e.g. `Text contains "refund"`. */
export function describeCondition(condition: RuleCondition): string {
  const label = RULE_CONDITION_LABELS[condition.type];
  switch (condition.type) {
    case "TEXT_CONTAINS":
      return `${label} "${condition.value}"${condition.caseSensitive ? " (case-sensitive)" : ""}`;
    case "TEXT_MATCHES":
      return `${label} /${condition.pattern}/${condition.flags ?? ""}`;
    default:
      return `${label} "${condition.value}"`;
  }
}
