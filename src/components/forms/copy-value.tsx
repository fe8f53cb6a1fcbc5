"use client";

import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";

/** A value shown in full and selectable, with a Copy button that says whether it worked. */
export function CopyValue({ value, what, block = false, testId }: { value: string; what: string; block?: boolean; testId?: string }) {
  return (
    <div className={block ? "space-y-2" : "flex flex-wrap items-center gap-2"}>
      {block ? (
        <pre data-testid={testId} className="overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-100 p-3 font-mono text-xs text-slate-900">
          {value}
        </pre>
      ) : (
        <code data-testid={testId} className="break-all rounded bg-slate-100 px-2 py-1 font-mono text-sm text-slate-900">
          {value}
        </code>
      )}
      <CopyButton value={value} what={what} />
    </div>
  );
}

/** A secret shown once, right after it was created or rotated. */
export function OneTimeSecret({ secret, what, onDismiss }: { secret: string; what: string; onDismiss: () => void }) {
  return (
    <div role="region" aria-label={`New ${what}`} className="rounded-md border border-amber-300 bg-amber-50 p-4">
      <p className="text-sm font-semibold text-amber-900">Copy the {what} now: it is not shown again.</p>
      <div className="mt-2">
        <CopyValue value={secret} what={what} testId="one-time-secret" />
      </div>
      <Button type="button" variant="secondary" className="mt-3" onClick={onDismiss}>
        I have copied it
      </Button>
    </div>
  );
}
