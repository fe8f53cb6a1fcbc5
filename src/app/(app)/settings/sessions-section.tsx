"use client";

import { useMutation } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc";

/** Ends every session of the signed-in user, on every browser, then this one's cookie too. */
export function SessionsSection() {
  const trpc = useTRPC();
  const signOutEverywhere = useMutation(trpc.account.signOutEverywhere.mutationOptions());

  async function onClick() {
    try {
      await signOutEverywhere.mutateAsync();
    } catch {
      return; // shown below
    }
    await signOut({ callbackUrl: "/sign-in" });
  }

  return (
    <section aria-labelledby="sessions-heading" className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h2 id="sessions-heading" className="text-lg font-semibold">
        Your sessions
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Signed in on a computer you no longer use, or lost a phone? End every session, here included: each browser must sign in again.
      </p>
      <Button variant="secondary" className="mt-4" disabled={signOutEverywhere.isPending} onClick={() => void onClick()}>
        {signOutEverywhere.isPending ? "Signing out…" : "Sign out of all devices"}
      </Button>
      {signOutEverywhere.error ? (
        <p role="alert" className="mt-2 text-sm text-red-600">
          {signOutEverywhere.error.message}
        </p>
      ) : null}
    </section>
  );
}
