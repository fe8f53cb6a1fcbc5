"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { formValues, zodFieldErrors } from "@/lib/form";
import { fieldErrorsOf, useTRPC } from "@/lib/trpc";
import { changeEmailSchema, changePasswordSchema, MIN_PASSWORD_LENGTH } from "@/server/accounts/schemas";

/** The signed-in user's own password and sign-in email. */
export function AccountSection({ email }: { email: string }) {
  return (
    <section aria-labelledby="account-heading" className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h2 id="account-heading" className="text-lg font-semibold">
        Your account
      </h2>
      <p className="mt-1 text-sm text-slate-600">You sign in as {email}.</p>
      <div className="mt-4 grid gap-8 md:grid-cols-2">
        <ChangePasswordForm />
        <ChangeEmailForm />
      </div>
    </section>
  );
}

function ChangePasswordForm() {
  const trpc = useTRPC();
  const change = useMutation(trpc.account.changePassword.mutationOptions());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(null);
    const form = event.currentTarget;
    const parsed = changePasswordSchema.safeParse(formValues(form));
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
    setErrors({});
    try {
      const { sessionsEnded } = await change.mutateAsync(parsed.data);
      form.reset();
      setDone(
        `Password changed.${sessionsEnded > 0 ? ` ${sessionsEnded} other ${sessionsEnded === 1 ? "session was" : "sessions were"} signed out.` : ""}`,
      );
    } catch (error) {
      setErrors(fieldErrorsOf(error));
    }
  }

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="space-y-3" aria-labelledby="password-heading">
      <h3 id="password-heading" className="text-base font-semibold">
        Change password
      </h3>
      <TextField label="Current password" name="currentPassword" type="password" autoComplete="current-password" error={errors.currentPassword} />
      <TextField
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        hint={`At least ${MIN_PASSWORD_LENGTH} characters. Other browsers are signed out.`}
        error={errors.newPassword}
      />
      <Button type="submit" disabled={change.isPending}>
        {change.isPending ? "Changing…" : "Change password"}
      </Button>
      {change.error && Object.keys(fieldErrorsOf(change.error)).length === 0 ? (
        <p role="alert" className="text-sm text-red-600">
          {change.error.message}
        </p>
      ) : null}
      {done ? (
        <p role="status" className="text-sm text-green-700">
          {done}
        </p>
      ) : null}
    </form>
  );
}

function ChangeEmailForm() {
  const trpc = useTRPC();
  const request = useMutation(trpc.account.requestEmailChange.mutationOptions());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(null);
    const form = event.currentTarget;
    const parsed = changeEmailSchema.safeParse(formValues(form));
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
    setErrors({});
    try {
      const { newEmail } = await request.mutateAsync(parsed.data);
      form.reset();
      setDone(`We sent a link to ${newEmail}. Your email changes when you open it (within 24 hours).`);
    } catch (error) {
      setErrors(fieldErrorsOf(error));
    }
  }

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="space-y-3" aria-labelledby="email-heading">
      <h3 id="email-heading" className="text-base font-semibold">
        Change email
      </h3>
      <TextField label="New email" name="newEmail" type="email" autoComplete="email" error={errors.newEmail} />
      <TextField label="Current password" name="currentPassword" type="password" autoComplete="current-password" error={errors.currentPassword} />
      <Button type="submit" disabled={request.isPending}>
        {request.isPending ? "Sending…" : "Send confirmation link"}
      </Button>
      {request.error && Object.keys(fieldErrorsOf(request.error)).length === 0 ? (
        <p role="alert" className="text-sm text-red-600">
          {request.error.message}
        </p>
      ) : null}
      {done ? (
        <p role="status" className="text-sm text-green-700">
          {done}
        </p>
      ) : null}
    </form>
  );
}
