import type { Metadata } from "next";
import Link from "next/link";
import { accountTokenStatus } from "@/server/accounts/account-tokens";
import { db } from "@/server/db/client";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const raw = (await searchParams).token;
  const token = typeof raw === "string" ? raw.trim() : "";
  const status = token && token.length <= 200 ? await accountTokenStatus(db(), token, "PASSWORD_RESET") : "invalid";
  if (status !== "valid") {
    return (
      <div className="space-y-3">
        <h1 className="text-xl font-semibold">{status === "expired" ? "This reset link has expired" : "This reset link does not work"}</h1>
        <p className="text-sm text-slate-600">
          {status === "expired" ? "Reset links last an hour." : "It was already used or replaced by a newer one."} Ask for a new link.
        </p>
        <p className="text-sm">
          <Link href="/forgot-password" className="font-medium text-indigo-600 hover:underline">
            Send a new link
          </Link>
        </p>
      </div>
    );
  }
  return <ResetPasswordForm token={token} />;
}
