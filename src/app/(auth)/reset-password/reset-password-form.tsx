"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { JavaScriptNeeded } from "@/components/ui/javascript-needed";
import { TextField } from "@/components/ui/text-field";
import { fieldErrorsOf, useTRPC } from "@/lib/trpc";
import { MIN_PASSWORD_LENGTH, newPasswordSchema } from "@/server/accounts/schemas";

export function ResetPasswordForm({ token }: { token: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const reset = useMutation(trpc.account.resetPassword.mutationOptions());
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const password = String(new FormData(event.currentTarget).get("password") ?? "");
    const parsed = newPasswordSchema.safeParse(password);
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? "Choose another password");
    setError(null);
    let email: string;
    try {
      ({ email } = await reset.mutateAsync({ token, password }));
    } catch (failure) {
      const fields = fieldErrorsOf(failure);
      if (fields.password) return setError(fields.password);
      return setFormError(failure instanceof Error ? failure.message : "Could not reset the password");
    }
    const result = await signIn("credentials", { email, password, redirect: false });
    router.replace(!result || result.error ? "/sign-in" : "/dashboard");
    router.refresh();
  }

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="space-y-4">
      <h1 className="text-xl font-semibold">Choose a new password</h1>
      <JavaScriptNeeded action="reset your password" />
      <p className="text-sm text-slate-600">Every browser signed in to your account is signed out.</p>
      {formError ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {formError}
        </p>
      ) : null}
      <TextField
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${MIN_PASSWORD_LENGTH} characters`}
        error={error ?? undefined}
      />
      <Button type="submit" disabled={reset.isPending || reset.isSuccess} className="w-full">
        {reset.isPending ? "Saving…" : "Set new password"}
      </Button>
    </form>
  );
}
