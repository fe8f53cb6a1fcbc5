"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { SelectField } from "@/components/forms/select-field";
import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { useTRPC } from "@/lib/trpc";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

const CHOICES = [7, 30, 90, 180, 365] as const;
const KEEP_EVERYTHING = "forever";

const describe = (days: number | null) => (days === null ? "Keep everything" : `${days} days`);

/** The retention setting (owners and admins change it, after a confirmation) and what its last run did. */
export function RetentionSection({ canChange }: { canChange: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const setting = useQuery(trpc.tenant.retention.queryOptions());
  const save = useMutation(
    trpc.tenant.setRetention.mutationOptions({
      onSuccess: (data) => {
        queryClient.setQueryData(trpc.tenant.retention.queryKey(), data);
        setConfirming(null);
        setSaved(true);
      },
    }),
  );
  const [choice, setChoice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<number | null | undefined>(undefined);
  const [saved, setSaved] = useState(false);

  if (setting.isPending) return <p className="text-sm text-slate-500">Loading the retention setting…</p>;
  if (setting.isError) {
    return (
      <p role="alert" className="text-sm text-red-600">
        Could not load the retention setting: {setting.error.message}
      </p>
    );
  }
  const current = setting.data;
  const selected = choice ?? (current.days === null ? KEEP_EVERYTHING : String(current.days));
  const selectedDays = selected === KEEP_EVERYTHING ? null : Number(selected);
  const options = [...new Set([...CHOICES, ...(current.days === null ? [] : [current.days])])].sort((a, b) => a - b);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    // Shortening deletes history for good: ask first. Keeping more needs no confirmation.
    const shortens = selectedDays !== null && (current.days === null || selectedDays < current.days);
    if (shortens) setConfirming(selectedDays);
    else save.mutate({ days: selectedDays });
  }

  return (
    <section aria-labelledby="retention-heading" className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h2 id="retention-heading" className="text-lg font-semibold">
        Conversation history
      </h2>
      <p className="mt-1 max-w-2xl text-sm text-slate-600">
        Conversations whose last activity is older than this are deleted for good with their messages, webhook deliveries and attempts, and so are
        unrouted messages as old. A conversation with a delivery still waiting to go out, or with an agent still holding it, is kept until it is
        done. The deletion runs every hour, in small batches.
      </p>

      <dl className="mt-4 grid gap-3 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">Keeping</dt>
          <dd className="mt-1 font-medium text-slate-900" data-testid="retention-current">
            {describe(current.days)}
          </dd>
        </div>
        <div>
          <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">Last run</dt>
          <dd className="mt-1 text-slate-900" data-testid="retention-last-run">
            {current.continuing ? (
              <>Deleting… {current.lastDeleted?.toLocaleString() ?? 0} so far</>
            ) : current.lastRunAt ? (
              <>
                <DateTime value={current.lastRunAt} />: {current.lastDeleted?.toLocaleString() ?? 0} deleted
              </>
            ) : current.days === null ? (
              "Nothing to delete"
            ) : (
              "Within a minute"
            )}
          </dd>
        </div>
        <div>
          <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">Next run</dt>
          <dd className="mt-1 text-slate-900">{current.nextRunAt ? <DateTime value={current.nextRunAt} /> : "—"}</dd>
        </div>
      </dl>
      {current.lastError ? (
        <p role="alert" className="mt-3 text-sm text-red-600">
          The last run failed: {current.lastError}. It is tried again at the next run.
        </p>
      ) : null}

      {canChange ? (
        <form method="post" onSubmit={onSubmit} className="mt-6 flex flex-wrap items-end gap-3">
          <SelectField
            label="Keep conversations for"
            value={selected}
            onChange={(event) => {
              setChoice(event.target.value);
              setSaved(false);
            }}
            className="w-56"
          >
            <option value={KEEP_EVERYTHING}>Keep everything</option>
            {options.map((days) => (
              <option key={days} value={String(days)}>
                {days} days
              </option>
            ))}
          </SelectField>
          <Button type="submit" disabled={save.isPending || selectedDays === current.days}>
            {save.isPending && confirming === undefined ? "Saving…" : "Save"}
          </Button>
          {saved ? (
            <p role="status" className="text-sm text-green-700">
              Saved.
            </p>
          ) : null}
          {save.error && confirming === undefined ? (
            <p role="alert" className="text-sm text-red-600">
              {save.error.message}
            </p>
          ) : null}
        </form>
      ) : (
        <p className="mt-6 text-sm text-slate-600">Only owners and admins can change this.</p>
      )}

      <ConfirmDialog
        open={confirming !== undefined}
        title={`Keep conversations for ${describe(confirming ?? null)}?`}
        confirmLabel="Delete older history"
        danger
        pending={save.isPending}
        error={save.error?.message ?? null}
        onConfirm={() => save.mutate({ days: confirming ?? null })}
        onClose={() => setConfirming(undefined)}
      >
        Conversations whose last activity is more than {confirming} days old will be deleted for good within the next minute, with their
        messages and delivery history. This cannot be undone.
      </ConfirmDialog>
    </section>
  );
}
