"use client";

import { GRACE_HOURS, GRACE_LABELS, type GraceHours } from "@/server/integrations/schemas";

/** How long a rotated secret keeps working next to the new one: none, 1 h or 24 h. */
export function GraceChoice({ name, value, onChange }: { name: string; value: GraceHours; onChange: (value: GraceHours) => void }) {
  return (
    <fieldset className="mt-3">
      <legend className="text-sm font-medium text-slate-900">Keep the current secret working for</legend>
      <div className="mt-2 space-y-1">
        {GRACE_HOURS.map((hours) => (
          <label key={hours} className="flex items-center gap-2 text-sm text-slate-700">
            <input type="radio" name={name} value={hours} checked={value === hours} onChange={() => onChange(hours)} />
            {GRACE_LABELS[hours]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
