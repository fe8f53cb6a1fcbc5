"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { RouterOutputs } from "@/lib/router-outputs";
import { useTRPC } from "@/lib/trpc";
import { useAlertChanges } from "./use-alert-changes";

/**
 * While an integration is INACTIVE: a banner saying which, why, and how much waits, with
 * "Verify again" (the integration's own Verify, integrations/verify.ts) for those who may use it.
 * On the dashboard and the integration pages; `only` narrows it to one integration, on its own
 * page, which has its Verify again already: the banner points to it instead of adding a second.
 */
export function InactiveIntegrationsBanner({ canVerify, only }: { canVerify: boolean; only?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const inactive = useQuery(trpc.alert.inactiveIntegrations.queryOptions());
  const refetch = () => void queryClient.invalidateQueries({ queryKey: trpc.alert.inactiveIntegrations.queryKey() });
  useAlertChanges(refetch);
  const rows = (inactive.data ?? []).filter((row) => !only || row.id === only);
  if (rows.length === 0) return null;
  return (
    <div className="mb-6 space-y-3" data-testid="inactive-banner">
      {rows.map((row) => (
        <InactiveRow key={row.id} row={row} canVerify={canVerify} onItsPage={Boolean(only)} />
      ))}
    </div>
  );
}

type Row = RouterOutputs["alert"]["inactiveIntegrations"][number];

function InactiveRow({ row, canVerify, onItsPage }: { row: Row; canVerify: boolean; onItsPage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const verify = useMutation(
    trpc.integration.verify.mutationOptions({
      onSuccess: (result) =>
        setOutcome(result.ok ? { ok: true, text: "Verified: it is active again and its held deliveries are being sent." } : { ok: false, text: `Verification failed: ${result.reason}` }),
      onError: (error) => setOutcome({ ok: false, text: error.message }),
      onSettled: () =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.alert.inactiveIntegrations.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.integration.get.queryKey({ id: row.id }) }),
          queryClient.invalidateQueries({ queryKey: trpc.integration.list.queryKey() }),
        ]),
    }),
  );
  return (
    <section role="alert" aria-label={`${row.name} is inactive`} className="rounded-lg border border-amber-300 bg-amber-50 p-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <h2 className="text-sm font-semibold text-amber-900">
            {!onItsPage ? (
              <Link href={`/integrations/${row.id}`} className="hover:underline">
                {row.name}
              </Link>
            ) : (
              row.name
            )}{" "}
            is inactive
          </h2>
          <p className="mt-1 text-sm text-amber-900">
            {row.deactivationReason ? `Deactivated automatically: ${row.deactivationReason}. ` : ""}
            {row.held > 0
              ? `${row.held} deliver${row.held === 1 ? "y is" : "ies are"} held and will be sent, in order, once it is verified again.`
              : "New messages for it are held until it is verified again."}
          </p>
          {!canVerify ? (
            <p className="mt-1 text-sm text-amber-800">Ask an owner or admin to fix it and verify it again.</p>
          ) : onItsPage ? (
            <p className="mt-1 text-sm text-amber-800">Once the receiver is fixed, use Verify again on this page.</p>
          ) : null}
        </div>
        {canVerify && !onItsPage ? (
          <Button type="button" variant="secondary" className="shrink-0" disabled={verify.isPending} onClick={() => verify.mutate({ id: row.id })}>
            {verify.isPending ? "Verifying…" : "Verify again"}
          </Button>
        ) : null}
      </div>
      {outcome ? (
        <p role="status" className={`mt-2 text-sm ${outcome.ok ? "text-green-800" : "text-red-700"}`}>
          {outcome.text}
        </p>
      ) : null}
    </section>
  );
}
