"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { useConfirm } from "@/components/ui/use-confirm";
import { DateTime } from "@/components/ui/date-time";
import { TextField } from "@/components/ui/text-field";
import { fieldErrorsOf, useTRPC } from "@/lib/trpc";
import { ROLE_LABELS, type Role } from "@/server/tenancy/roles";

/** Invite by email, and the pending invitations with resend and revoke (owners and admins). */
export function InvitationsSection({ grantable }: { grantable: readonly Role[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invitations = useQuery(trpc.member.invitations.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.member.invitations.queryKey() });
  const resend = useMutation(trpc.member.resendInvitation.mutationOptions({ onSettled: refresh }));
  const revoke = useMutation(trpc.member.revokeInvitation.mutationOptions({ onSettled: refresh }));
  const [notice, setNotice] = useState<string | null>(null);
  const actionError = resend.error;
  const { confirm, dialog } = useConfirm();

  return (
    <div className="mt-6 border-t border-slate-100 pt-6">
      <h3 className="text-base font-semibold">Invite someone</h3>
      <p className="mt-1 text-sm text-slate-600">
        They get an email with a link (valid for 7 days, usable once) to join this organization, with a new account or the one they have.
      </p>
      <InviteForm grantable={grantable} onInvited={(text) => {
          setNotice(text);
          void refresh();
        }} />
      <h3 className="mt-6 text-base font-semibold" id="invitations-heading">
        Pending invitations
      </h3>
      {invitations.isPending ? (
        <p className="mt-2 text-sm text-slate-500">Loading invitations…</p>
      ) : invitations.isError ? (
        <p role="alert" className="mt-2 text-sm text-red-600">
          Could not load invitations: {invitations.error.message}
        </p>
      ) : invitations.data.length === 0 ? (
        <p className="mt-2 text-sm text-slate-500">No pending invitations.</p>
      ) : (
        <ul aria-labelledby="invitations-heading" className="mt-2 divide-y divide-slate-100">
          {invitations.data.map((invitation) => (
            <li key={invitation.id} className="flex flex-wrap items-center justify-between gap-2 py-3">
              <div>
                <p className="text-sm font-medium">{invitation.email}</p>
                <p className="text-xs text-slate-500">
                  {ROLE_LABELS[invitation.role]} · sent <DateTime value={invitation.sentAt} />
                  {invitation.invitedBy ? ` by ${invitation.invitedBy}` : ""} ·{" "}
                  {invitation.expired ? (
                    <span className="font-medium text-amber-700">expired: resend to send a new link</span>
                  ) : (
                    <>
                      expires <DateTime value={invitation.expiresAt} />
                    </>
                  )}
                </p>
              </div>
              <div className="flex gap-2">
                {/* Resending grants the role again: only who may grant it; revoking is for any owner or admin. */}
                {grantable.includes(invitation.role) ? (
                  <Button
                    variant="secondary"
                    disabled={resend.isPending}
                    aria-label={`Resend the invitation to ${invitation.email}`}
                    onClick={() => {
                      setNotice(null);
                      resend.mutate({ id: invitation.id }, { onSuccess: () => setNotice(`A new link was sent to ${invitation.email}; the old one no longer works.`) });
                    }}
                  >
                    Resend
                  </Button>
                ) : null}
                <Button
                  variant="secondary"
                  disabled={revoke.isPending}
                  aria-label={`Revoke the invitation to ${invitation.email}`}
                  onClick={() =>
                    confirm({
                      title: `Revoke the invitation to ${invitation.email}?`,
                      body: <p>The link in the mail stops working at once. You can invite {invitation.email} again at any time.</p>,
                      confirmLabel: "Revoke invitation",
                      danger: true,
                      run: async () => {
                        setNotice(null);
                        await revoke.mutateAsync({ id: invitation.id });
                        setNotice(`The invitation to ${invitation.email} was revoked.`);
                      },
                    })
                  }
                >
                  Revoke
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {notice ? (
        <p role="status" className="mt-2 text-sm text-green-700">
          {notice}
        </p>
      ) : null}
      {actionError ? (
        <p role="alert" className="mt-2 text-sm text-red-600">
          {actionError.message}
        </p>
      ) : null}
      {dialog}
    </div>
  );
}

function InviteForm({ grantable, onInvited }: { grantable: readonly Role[]; onInvited: (notice: string) => void }) {
  const trpc = useTRPC();
  const roleId = useId();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("AGENT");
  const invite = useMutation(trpc.member.invite.mutationOptions());
  const errors = fieldErrorsOf(invite.error);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    try {
      const invitation = await invite.mutateAsync({ email, role });
      onInvited(`Invitation sent to ${invitation.email} as ${ROLE_LABELS[invitation.role]}.`);
      setEmail("");
    } catch {
      // Shown next to the field below.
    }
  }

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="mt-3 flex flex-col gap-3 sm:flex-row sm:items-start">
      <TextField
        label="Email to invite"
        name="email"
        type="email"
        autoComplete="off"
        className="flex-1"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={errors.email ?? (invite.error && !Object.keys(errors).length ? invite.error.message : undefined)}
      />
      <div>
        <label htmlFor={roleId} className="block text-sm font-medium text-slate-700">
          Role
        </label>
        <select
          id={roleId}
          value={role}
          onChange={(e) => setRole(e.target.value as Role)}
          className="mt-1 block rounded-md border border-slate-300 py-2 text-sm"
        >
          {grantable.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </div>
      <Button type="submit" disabled={invite.isPending} className="sm:mt-6">
        {invite.isPending ? "Sending…" : "Send invitation"}
      </Button>
    </form>
  );
}
