// Checks a rule's trigger conditions before it is saved; errors point at the condition index
// so a form can show them beside the right field.
import { validateRulePattern } from "./safe-regex";
import type { RuleCondition } from "./types";

export const MAX_CONDITIONS = 20;
export const MAX_CONDITION_VALUE_LENGTH = 500;

export type ConditionError = { index: number; message: string };
export type ConditionsValidation = { ok: true } | { ok: false; errors: ConditionError[] };

function checkValue(value: string): string | null {
  if (value.trim().length === 0) return "Value must not be empty";
  if (value.length > MAX_CONDITION_VALUE_LENGTH) {
    return `Value must be at most ${MAX_CONDITION_VALUE_LENGTH} characters`;
  }
  return null;
}

function checkCondition(condition: RuleCondition): string | null {
  switch (condition.type) {
    case "TEXT_CONTAINS":
    case "MESSAGE_TYPE":
    case "CHANNEL_USER":
      return checkValue(condition.value);
    case "TEXT_MATCHES": {
      const result = validateRulePattern(condition.pattern, condition.flags);
      return result.ok ? null : result.reason;
    }
    default:
      return "Unknown condition type";
  }
}

export function validateRuleConditions(conditions: RuleCondition[]): ConditionsValidation {
  const errors: ConditionError[] = [];
  if (conditions.length > MAX_CONDITIONS) {
    // Reported on the first condition over the limit.
    errors.push({ index: MAX_CONDITIONS, message: `At most ${MAX_CONDITIONS} conditions per rule` });
  }
  conditions.forEach((condition, index) => {
    const message = checkCondition(condition);
    if (message !== null) errors.push({ index, message });
  });
  return errors.length === 0 ? { ok: true } : { ok: false, errors };
}
