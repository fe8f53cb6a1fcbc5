"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { JavaScriptNeeded } from "@/components/ui/javascript-needed";
import { TextField } from "@/components/ui/text-field";
import { formValues, zodFieldErrors } from "@/lib/form";
import { fieldErrorsOf, useTRPC } from "@/lib/trpc";
import { forgotPasswordSchema } from "@/server/accounts/schemas";

export function ForgotPasswordForm() {
  const trpc = useTRPC();
  const request = useMutation(trpc.account.requestPasswordReset.mutationOptions());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [sentTo, setSentTo] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = forgotPasswordSchema.safeParse(formValues(event.currentTarget));
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
    setErrors({});
    try {
      const { email } = await request.mutateAsync(parsed.data);
      setSentTo(email);
    } catch (error) {
      const fields = fieldErrorsOf(error);
      setErrors(Object.keys(fields).length ? fields : { email: error instanceof Error ? error.message : "Could not send the link" });
    }
  }

  if (sentTo) {
    return (
      <div className="space-y-3" role="status">
        <h1 className="text-xl font-semibold">Check your email</h1>
        <p className="text-sm text-slate-600">
          If an account uses {sentTo}, we sent it a link to choose a new password. The link works once, for 1 hour.
        </p>
        <p className="text-sm">
          <Link href="/sign-in" className="font-medium text-indigo-600 hover:underline">
            Back to sign-in
          </Link>
        </p>
      </div>
    );
  }

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="space-y-4">
      <h1 className="text-xl font-semibold">Forgot your password?</h1>
      <JavaScriptNeeded action="reset your password" />
      <p className="text-sm text-slate-600">Enter the email you sign in with and we send you a link to choose a new password.</p>
      <TextField label="Email" name="email" type="email" autoComplete="email" error={errors.email} />
      <Button type="submit" disabled={request.isPending} className="w-full">
        {request.isPending ? "Sending…" : "Send reset link"}
      </Button>
      <p className="text-center text-sm text-slate-600">
        <Link href="/sign-in" className="font-medium text-indigo-600 hover:underline">
          Back to sign-in
        </Link>
      </p>
    </form>
  );
}
