// The rule form's editable conditions, and their conversion to and from stored conditions.
import type { RuleCondition, RuleConditionType } from "@/server/routing/types";

export type ConditionDraft = {
  key: number;
  type: RuleConditionType;
  /** The value, or the pattern for TEXT_MATCHES. */
  text: string;
  /** TEXT_CONTAINS: match case exactly. */
  caseSensitive: boolean;
  /** TEXT_MATCHES: the `i` flag. */
  ignoreCase: boolean;
  /** TEXT_MATCHES: other flags kept as they were (m, s). */
  otherFlags: string;
};

let nextKey = 1;

export function newConditionDraft(type: RuleConditionType = "TEXT_CONTAINS"): ConditionDraft {
  return { key: nextKey++, type, text: "", caseSensitive: false, ignoreCase: false, otherFlags: "" };
}

export function toDraft(condition: RuleCondition): ConditionDraft {
  const draft = newConditionDraft(condition.type);
  switch (condition.type) {
    case "TEXT_CONTAINS":
      return { ...draft, text: condition.value, caseSensitive: Boolean(condition.caseSensitive) };
    case "TEXT_MATCHES": {
      const flags = condition.flags ?? "";
      return { ...draft, text: condition.pattern, ignoreCase: flags.includes("i"), otherFlags: flags.replace("i", "") };
    }
    default:
      return { ...draft, text: condition.value };
  }
}

export function fromDraft(draft: ConditionDraft): RuleCondition {
  switch (draft.type) {
    case "TEXT_CONTAINS":
      return draft.caseSensitive ? { type: "TEXT_CONTAINS", value: draft.text, caseSensitive: true } : { type: "TEXT_CONTAINS", value: draft.text };
    case "TEXT_MATCHES": {
      const flags = `${draft.ignoreCase ? "i" : ""}${draft.otherFlags}`;
      return flags ? { type: "TEXT_MATCHES", pattern: draft.text, flags } : { type: "TEXT_MATCHES", pattern: draft.text };
    }
    case "MESSAGE_TYPE":
      return { type: "MESSAGE_TYPE", value: draft.text };
    case "CHANNEL_USER":
      return { type: "CHANNEL_USER", value: draft.text };
  }
}

/** The first error about condition `index` (`conditions.N` from the server, `conditions.N.value` from input checks). */
export function conditionError(errors: Record<string, string>, index: number): string | undefined {
  const prefix = `conditions.${index}`;
  const key = Object.keys(errors).find((k) => k === prefix || k.startsWith(`${prefix}.`));
  return key ? errors[key] : undefined;
}
