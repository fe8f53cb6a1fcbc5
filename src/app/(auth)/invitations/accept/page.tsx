import type { Metadata } from "next";
import Link from "next/link";
import { currentUser } from "@/server/auth/session";
import { db } from "@/server/db/client";
import { lookupInvitation } from "@/server/tenancy/invitations";
import { ROLE_LABELS } from "@/server/tenancy/roles";
import { AcceptAsSignedIn, AcceptWithSignIn, AcceptWithSignUp, SignOutToAccept } from "./accept-forms";

export const metadata: Metadata = { title: "Accept invitation", referrer: "no-referrer" };

export default async function AcceptInvitationPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const raw = (await searchParams).token;
  const token = typeof raw === "string" ? raw.trim() : "";
  const invitation = token && token.length <= 200 ? await lookupInvitation(db(), token) : ({ status: "invalid" } as const);
  if (invitation.status !== "valid") {
    return (
      <div className="space-y-3">
        <h1 className="text-xl font-semibold">{invitation.status === "expired" ? "This invitation has expired" : "This invitation link does not work"}</h1>
        <p className="text-sm text-slate-600">
          {invitation.status === "expired"
            ? "Invitation links last 7 days. Ask the person who invited you to resend it."
            : "It was already used, revoked, or replaced by a newer invitation. Ask the person who invited you for a new one."}
        </p>
        <p className="text-sm">
          <Link href="/sign-in" className="font-medium text-indigo-600 hover:underline">
            Go to sign-in
          </Link>
        </p>
      </div>
    );
  }
  const user = await currentUser();
  const intro = (
    <>
      <h1 className="text-xl font-semibold">Join {invitation.tenantName}</h1>
      <p className="text-sm text-slate-600">
        {invitation.inviterName ? `${invitation.inviterName} invited ` : "You are invited: "}
        <strong>{invitation.email}</strong> to join {invitation.tenantName} as {ROLE_LABELS[invitation.role]}.
      </p>
    </>
  );
  return (
    <div className="space-y-4">
      {intro}
      {user ? (
        user.email === invitation.email ? (
          <AcceptAsSignedIn token={token} tenantName={invitation.tenantName} />
        ) : (
          <SignOutToAccept signedInAs={user.email} invitedEmail={invitation.email} />
        )
      ) : invitation.hasAccount ? (
        <AcceptWithSignIn token={token} email={invitation.email} />
      ) : (
        <AcceptWithSignUp token={token} email={invitation.email} />
      )}
    </div>
  );
}
