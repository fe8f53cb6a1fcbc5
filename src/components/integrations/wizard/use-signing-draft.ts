"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTRPC } from "@/lib/trpc";

/**
 * The signing secret, made when the endpoint step opens: Verify and Save sign with it, so the
 * bot can check even the first request. `draft` is what Verify and Save send back.
 */
export function useSigningDraft(needed: boolean) {
  const trpc = useTRPC();
  const draftSigning = useMutation(trpc.integration.draftSigningSecret.mutationOptions());
  const requestDraft = draftSigning.mutate;
  const started = draftSigning.status !== "idle";
  useEffect(() => {
    if (needed && !started) requestDraft();
  }, [needed, started, requestDraft]);
  return {
    draft: draftSigning.data?.signingDraft,
    shown: { secret: draftSigning.data?.signingSecret ?? null, error: draftSigning.error?.message ?? null },
  };
}
