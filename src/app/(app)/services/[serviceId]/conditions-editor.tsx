"use client";

import { SelectField } from "@/components/forms/select-field";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { RULE_CONDITION_LABELS } from "@/server/routing/condition-schema";
import type { RuleConditionType } from "@/server/routing/types";
import { conditionError, newConditionDraft, type ConditionDraft } from "./condition-drafts";

const TYPES = Object.keys(RULE_CONDITION_LABELS) as RuleConditionType[];

const VALUE_LABELS: Record<RuleConditionType, string> = {
  TEXT_CONTAINS: "Text",
  TEXT_MATCHES: "Regular expression",
  MESSAGE_TYPE: "Message type",
  CHANNEL_USER: "Channel user identifier",
};

const HINTS: Partial<Record<RuleConditionType, string>> = {
  TEXT_MATCHES: "At most 200 characters; no backreferences or lookaround (evaluated in linear time).",
  MESSAGE_TYPE: "For example text, image or location.",
};

interface Props {
  conditions: ConditionDraft[];
  onChange: (conditions: ConditionDraft[]) => void;
  errors: Record<string, string>;
}

/** Optional trigger conditions; all of them must match. */
export function ConditionsEditor({ conditions, onChange, errors }: Props) {
  const update = (key: number, patch: Partial<ConditionDraft>) =>
    onChange(conditions.map((c) => (c.key === key ? { ...c, ...patch } : c)));

  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-medium text-slate-700">Trigger conditions (optional, all must match)</legend>
      {conditions.length === 0 ? <p className="text-sm text-slate-500">No conditions: every message of the trigger matches.</p> : null}
      {conditions.map((condition, index) => (
        <div key={condition.key} className="grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-[14rem_1fr_auto] sm:items-start">
          <SelectField
            label={`Condition ${index + 1}`}
            value={condition.type}
            onChange={(e) => update(condition.key, { type: e.target.value as RuleConditionType })}
          >
            {TYPES.map((type) => (
              <option key={type} value={type}>
                {RULE_CONDITION_LABELS[type]}
              </option>
            ))}
          </SelectField>
          <div className="space-y-2">
            <TextField
              label={VALUE_LABELS[condition.type]}
              value={condition.text}
              onChange={(e) => update(condition.key, { text: e.target.value })}
              hint={HINTS[condition.type]}
              error={conditionError(errors, index)}
            />
            {condition.type === "TEXT_CONTAINS" ? (
              <label className="flex items-center gap-2 text-sm text-slate-700">
                <input type="checkbox" checked={condition.caseSensitive} onChange={(e) => update(condition.key, { caseSensitive: e.target.checked })} />
                Match case
              </label>
            ) : null}
            {condition.type === "TEXT_MATCHES" ? (
              <label className="flex items-center gap-2 text-sm text-slate-700">
                <input type="checkbox" checked={condition.ignoreCase} onChange={(e) => update(condition.key, { ignoreCase: e.target.checked })} />
                Ignore case
              </label>
            ) : null}
          </div>
          <Button type="button" variant="secondary" className="sm:mt-6" onClick={() => onChange(conditions.filter((c) => c.key !== condition.key))}>
            Remove
          </Button>
        </div>
      ))}
      <Button type="button" variant="secondary" onClick={() => onChange([...conditions, newConditionDraft()])}>
        Add condition
      </Button>
    </fieldset>
  );
}
