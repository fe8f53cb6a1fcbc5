"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { JavaScriptNeeded } from "@/components/ui/javascript-needed";
import { TextField } from "@/components/ui/text-field";
import { formValues, zodFieldErrors } from "@/lib/form";
import { fieldErrorsOf, useTRPC } from "@/lib/trpc";
import { MIN_PASSWORD_LENGTH, signUpSchema } from "@/server/accounts/schemas";

export function SignUpForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const signUp = useMutation(trpc.account.signUp.mutationOptions());

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const parsed = signUpSchema.safeParse(formValues(event.currentTarget));
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
    setErrors({});
    try {
      await signUp.mutateAsync(parsed.data);
    } catch (error) {
      const fields = fieldErrorsOf(error);
      if (Object.keys(fields).length > 0) return setErrors(fields);
      return setFormError(error instanceof Error ? error.message : "Sign-up failed");
    }
    const result = await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirect: false });
    if (!result || result.error) return router.replace("/sign-in");
    router.replace("/dashboard");
    router.refresh();
  }

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="space-y-4">
      <h1 className="text-xl font-semibold">Create your account</h1>
      <JavaScriptNeeded action="sign up" />
      <p className="text-sm text-slate-600">
        You will be the owner of a new organization, and can invite your team later. Invited to join one? Open the link in your
        invitation email instead.
      </p>
      {formError ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {formError}
        </p>
      ) : null}
      <TextField label="Name" name="name" autoComplete="name" error={errors.name} />
      <TextField label="Email" name="email" type="email" autoComplete="email" error={errors.email} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${MIN_PASSWORD_LENGTH} characters`}
        error={errors.password}
      />
      <TextField label="Organization name" name="organizationName" autoComplete="organization" error={errors.organizationName} />
      <Button type="submit" disabled={signUp.isPending} className="w-full">
        {signUp.isPending ? "Creating your account…" : "Sign up"}
      </Button>
      <p className="text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link href="/sign-in" className="font-medium text-indigo-600 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
