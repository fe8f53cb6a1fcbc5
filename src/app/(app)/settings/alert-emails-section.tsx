"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc";

/**
 * Which alerts are emailed to the signed-in member (owners and admins; docs/alerts.md). Each
 * checkbox saves at once and says so. Every member sees every alert in the bell either way.
 */
export function AlertEmailsSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const preferences = useQuery(trpc.alert.preferences.queryOptions());
  const [saved, setSaved] = useState<string | null>(null);
  const key = trpc.alert.preferences.queryKey();
  const save = useMutation(
    trpc.alert.setPreference.mutationOptions({
      // The box shows the choice at once; a refusal puts it back (onSettled refetches).
      onMutate: (input) => {
        setSaved(null);
        queryClient.setQueryData(key, (old) => (old ? { ...old, kinds: old.kinds.map((k) => (k.kind === input.kind ? { ...k, email: input.email } : k)) } : old));
      },
      onSuccess: (result, input) => {
        const label = preferences.data?.kinds.find((k) => k.kind === input.kind)?.label ?? "Alert";
        setSaved(`Saved: ${label} ${result.email ? "is" : "is not"} emailed to you.`);
      },
      onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
    }),
  );

  return (
    <section id="alert-emails" aria-labelledby="alert-emails-heading" className="scroll-mt-6 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h2 id="alert-emails-heading" className="text-lg font-semibold">
        Alert emails
      </h2>
      {preferences.isPending ? (
        <p className="mt-2 text-sm text-slate-500">Loading your choices…</p>
      ) : preferences.isError ? (
        <p role="alert" className="mt-2 text-sm text-red-600">
          Could not load your choices: {preferences.error.message}
        </p>
      ) : (
        <>
          <p className="mt-1 text-sm text-slate-600">
            {preferences.data.emailed
              ? "Every alert shows in the bell for every member. Choose which ones are also emailed to you."
              : "Alerts show in the bell. Emails go to owners and admins only, so these choices apply if your role changes."}
          </p>
          <fieldset className="mt-4 space-y-3">
            <legend className="sr-only">Email me when</legend>
            {preferences.data.kinds.map((kind) => (
              <label key={kind.kind} className="flex items-start gap-3">
                <input
                  type="checkbox"
                  className="mt-1 h-4 w-4 rounded border-slate-300 text-indigo-600"
                  checked={kind.email}
                  onChange={(event) => save.mutate({ kind: kind.kind, email: event.target.checked })}
                />
                <span>
                  <span className="block text-sm font-medium text-slate-900">
                    {kind.label}
                    <span className="ml-2 text-xs font-normal text-slate-500">(default: {kind.emailByDefault ? "emailed" : "not emailed"})</span>
                  </span>
                  <span className="block text-sm text-slate-600">{kind.description}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {save.isError ? (
            <p role="alert" className="mt-3 text-sm text-red-600">
              Not saved: {save.error.message}
            </p>
          ) : saved ? (
            <p role="status" className="mt-3 text-sm text-green-700">
              {saved}
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
