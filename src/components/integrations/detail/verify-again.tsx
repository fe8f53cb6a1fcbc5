"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc";
import { useRefreshIntegration } from "./use-refresh-integration";

type Outcome = { ok: boolean; text: string };

/** "Verify again": sends a Verification event and words its outcome. */
export function useVerifyAgain(id: string) {
  const trpc = useTRPC();
  const refresh = useRefreshIntegration(id);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const verify = useMutation(
    trpc.integration.verify.mutationOptions({
      onSuccess: (result) =>
        setOutcome(
          result.ok
            ? { ok: true, text: result.reactivated ? "Verified: the integration is active again." : "Verified: the integration is active." }
            : { ok: false, text: `Verification failed: ${result.reason}` },
        ),
      onError: (error) => setOutcome({ ok: false, text: error.message }),
      onSettled: refresh,
    }),
  );
  return {
    pending: verify.isPending,
    outcome,
    run: () => {
      setOutcome(null);
      verify.mutate({ id });
    },
  };
}

export function VerifyAgainOutcome({ pending, outcome }: { pending: boolean; outcome: Outcome | null }) {
  if (pending) {
    return (
      <p className="text-sm text-slate-600" aria-live="polite">
        Sending a Verification event (waits up to 5 s)…
      </p>
    );
  }
  if (!outcome) return null;
  return (
    <p
      role={outcome.ok ? "status" : "alert"}
      data-testid="verify-outcome"
      className={`rounded-md px-3 py-2 text-sm ${outcome.ok ? "bg-green-50 text-green-800" : "bg-red-50 text-red-700"}`}
    >
      {outcome.text}
    </p>
  );
}
