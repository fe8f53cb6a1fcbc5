"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { JavaScriptNeeded } from "@/components/ui/javascript-needed";
import { useTRPC } from "@/lib/trpc";

export function ConfirmEmailButton({ token }: { token: string }) {
  const trpc = useTRPC();
  const confirm = useMutation(trpc.account.confirmEmailChange.mutationOptions());
  if (confirm.isSuccess) {
    return (
      <div className="space-y-3" role="status">
        <h1 className="text-xl font-semibold">Email changed</h1>
        <p className="text-sm text-slate-600">You now sign in with {confirm.data.email}.</p>
        <p className="text-sm">
          <Link href="/settings" className="font-medium text-indigo-600 hover:underline">
            Go to settings
          </Link>
        </p>
      </div>
    );
  }
  return (
    <form
      method="post"
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        confirm.mutate({ token });
      }}
    >
      <h1 className="text-xl font-semibold">Confirm your new email</h1>
      <JavaScriptNeeded action="confirm your email" />
      {confirm.error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {confirm.error.message}
        </p>
      ) : null}
      <Button type="submit" disabled={confirm.isPending} className="w-full">
        {confirm.isPending ? "Confirming…" : "Confirm this email"}
      </Button>
    </form>
  );
}
