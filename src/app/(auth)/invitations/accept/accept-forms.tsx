"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn, signOut } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { JavaScriptNeeded } from "@/components/ui/javascript-needed";
import { TextField } from "@/components/ui/text-field";
import { formValues, zodFieldErrors } from "@/lib/form";
import { fieldErrorsOf, useTRPC } from "@/lib/trpc";
import { MIN_PASSWORD_LENGTH, signUpSchema } from "@/server/accounts/schemas";

function FormError({ message }: { message: string | null }) {
  return message ? (
    <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
      {message}
    </p>
  ) : null;
}

function useLand() {
  const router = useRouter();
  return () => {
    router.replace("/dashboard");
    router.refresh();
  };
}

/** Signed in with the invited email: one click joins. */
export function AcceptAsSignedIn({ token, tenantName }: { token: string; tenantName: string }) {
  const trpc = useTRPC();
  const land = useLand();
  const accept = useMutation(trpc.invitation.accept.mutationOptions({ onSuccess: land }));
  return (
    <form
      method="post"
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        accept.mutate({ token });
      }}
    >
      <JavaScriptNeeded action="accept the invitation" />
      <FormError message={accept.error?.message ?? null} />
      <Button type="submit" disabled={accept.isPending || accept.isSuccess} className="w-full">
        {accept.isPending ? "Joining…" : `Join ${tenantName}`}
      </Button>
    </form>
  );
}

export function SignOutToAccept({ signedInAs, invitedEmail }: { signedInAs: string; invitedEmail: string }) {
  return (
    <div className="space-y-3">
      <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
        You are signed in as {signedInAs}, but this invitation is for {invitedEmail}. Sign out, then accept it with that email.
      </p>
      <Button variant="secondary" className="w-full" onClick={() => void signOut({ callbackUrl: window.location.href })}>
        Sign out
      </Button>
    </div>
  );
}

/** The invited email has an account: its password, then the invitation is accepted. */
export function AcceptWithSignIn({ token, email }: { token: string; email: string }) {
  const trpc = useTRPC();
  const land = useLand();
  const accept = useMutation(trpc.invitation.accept.mutationOptions());
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const password = String(new FormData(event.currentTarget).get("password") ?? "");
    if (!password) return setError("Enter your password");
    setPending(true);
    try {
      const result = await signIn("credentials", { email, password, redirect: false });
      if (!result || result.error) {
        return setError(!result || result.error === "CredentialsSignin" ? "That password is not right" : result.error);
      }
      await accept.mutateAsync({ token });
      land();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : "Could not accept the invitation");
    } finally {
      setPending(false);
    }
  }

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="space-y-4">
      <JavaScriptNeeded action="accept the invitation" />
      <p className="text-sm text-slate-600">You already have an account: sign in to join.</p>
      <FormError message={error} />
      <TextField label="Email" name="email" type="email" value={email} readOnly autoComplete="username" />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Joining…" : "Sign in and join"}
      </Button>
      <p className="text-center text-sm">
        <Link href="/forgot-password" className="font-medium text-indigo-600 hover:underline">
          Forgot your password?
        </Link>
      </p>
    </form>
  );
}

/** No account yet: one is created for the invited email, in this organization only. */
export function AcceptWithSignUp({ token, email }: { token: string; email: string }) {
  const trpc = useTRPC();
  const land = useLand();
  const signUp = useMutation(trpc.invitation.signUp.mutationOptions());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const schema = signUpSchema.pick({ name: true, password: true });

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const parsed = schema.safeParse(formValues(event.currentTarget));
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
    setErrors({});
    setPending(true);
    try {
      await signUp.mutateAsync({ token, ...parsed.data });
    } catch (failure) {
      setPending(false);
      const fields = fieldErrorsOf(failure);
      if (fields.name || fields.password) return setErrors(fields);
      return setError(failure instanceof Error ? failure.message : "Could not create your account");
    }
    const result = await signIn("credentials", { email, password: parsed.data.password, redirect: false });
    setPending(false);
    if (!result || result.error) return setError("Your account was created, but signing in failed: sign in from the sign-in page.");
    land();
  }

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="space-y-4">
      <JavaScriptNeeded action="accept the invitation" />
      <p className="text-sm text-slate-600">Create your account to join. No organization of your own is created.</p>
      <FormError message={error} />
      <TextField label="Email" name="email" type="email" value={email} readOnly autoComplete="username" />
      <TextField label="Name" name="name" autoComplete="name" error={errors.name} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${MIN_PASSWORD_LENGTH} characters`}
        error={errors.password}
      />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Creating your account…" : "Create account and join"}
      </Button>
    </form>
  );
}
