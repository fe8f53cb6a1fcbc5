"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { JavaScriptNeeded } from "@/components/ui/javascript-needed";
import { TextField } from "@/components/ui/text-field";
import { safeCallbackPath } from "@/lib/callback-path";
import { formValues, zodFieldErrors } from "@/lib/form";
import { signInSchema } from "@/server/accounts/schemas";

export function SignInForm() {
  const router = useRouter();
  const params = useSearchParams();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const parsed = signInSchema.safeParse(formValues(event.currentTarget));
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
    setErrors({});
    setPending(true);
    const result = await signIn("credentials", { ...parsed.data, redirect: false });
    setPending(false);
    // "CredentialsSignin" for a wrong email or password alike; otherwise the server's own words
    // (after too many failures: when to try again).
    if (!result || result.error) return setFormError(!result || result.error === "CredentialsSignin" ? "Invalid email or password" : result.error);
    router.replace(safeCallbackPath(params.get("callbackUrl")));
    router.refresh();
  }

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="space-y-4">
      <h1 className="text-xl font-semibold">Sign in</h1>
      <JavaScriptNeeded action="sign in" />
      {formError ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {formError}
        </p>
      ) : null}
      <TextField label="Email" name="email" type="email" autoComplete="email" error={errors.email} />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" error={errors.password} />
      <p className="-mt-2 text-right text-sm">
        <Link href="/forgot-password" className="font-medium text-indigo-600 hover:underline">
          Forgot your password?
        </Link>
      </p>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
      <p className="text-center text-sm text-slate-600">
        New here?{" "}
        <Link href="/sign-up" className="font-medium text-indigo-600 hover:underline">
          Create an account
        </Link>
      </p>
    </form>
  );
}
