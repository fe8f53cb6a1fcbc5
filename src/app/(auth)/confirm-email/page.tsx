import type { Metadata } from "next";
import Link from "next/link";
import { accountTokenStatus } from "@/server/accounts/account-tokens";
import { db } from "@/server/db/client";
import { ConfirmEmailButton } from "./confirm-email-button";

export const metadata: Metadata = { title: "Confirm your new email", referrer: "no-referrer" };

/** A click, not the link's GET alone, makes the change: mail scanners open links too. */
export default async function ConfirmEmailPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const raw = (await searchParams).token;
  const token = typeof raw === "string" ? raw.trim() : "";
  const status = token && token.length <= 200 ? await accountTokenStatus(db(), token, "EMAIL_CHANGE") : "invalid";
  if (status !== "valid") {
    return (
      <div className="space-y-3">
        <h1 className="text-xl font-semibold">{status === "expired" ? "This confirmation link has expired" : "This confirmation link does not work"}</h1>
        <p className="text-sm text-slate-600">
          {status === "expired" ? "Confirmation links last 24 hours." : "It was already used or replaced by a newer request."} Ask for the change
          again in settings.
        </p>
        <p className="text-sm">
          <Link href="/settings" className="font-medium text-indigo-600 hover:underline">
            Go to settings
          </Link>
        </p>
      </div>
    );
  }
  return <ConfirmEmailButton token={token} />;
}
