"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { fieldErrorsOf, useTRPC } from "@/lib/trpc";
import { ROLE_LABELS, ROLES, type Role } from "@/server/tenancy/roles";

interface Props {
  currentUserId: string;
  myRole: Role;
  canManage: boolean;
}

export function MembersSection({ currentUserId, myRole, canManage }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.member.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.member.list.queryKey() });
  const changeRole = useMutation(trpc.member.changeRole.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.member.remove.mutationOptions({ onSettled: refresh }));
  const grantable = ROLES.filter((r) => r !== "OWNER" || myRole === "OWNER");
  const actionError = changeRole.error ?? remove.error;

  return (
    <section aria-labelledby="members-heading" className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h2 id="members-heading" className="text-lg font-semibold">
        Members
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Owners and admins configure everything; agents answer conversations; viewers can look but not change.
      </p>
      {members.isPending ? (
        <p className="mt-4 text-sm text-slate-500">Loading members…</p>
      ) : members.isError ? (
        <p role="alert" className="mt-4 text-sm text-red-600">
          Could not load members: {members.error.message}
        </p>
      ) : (
        <ul className="mt-4 divide-y divide-slate-100" aria-label="Members">
          {members.data.map((m) => (
            <li key={m.userId} className="flex flex-wrap items-center justify-between gap-2 py-3">
              <div>
                <p className="text-sm font-medium">
                  {m.name} {m.userId === currentUserId ? <span className="text-slate-500">(you)</span> : null}
                </p>
                <p className="text-xs text-slate-500">{m.email}</p>
              </div>
              {canManage && m.userId !== currentUserId && (m.role !== "OWNER" || myRole === "OWNER") ? (
                <div className="flex items-center gap-2">
                  <label className="sr-only" htmlFor={`role-${m.userId}`}>
                    Role of {m.name}
                  </label>
                  <select
                    id={`role-${m.userId}`}
                    value={m.role}
                    onChange={(e) => changeRole.mutate({ userId: m.userId, role: e.target.value as Role })}
                    className="rounded-md border border-slate-300 py-1 text-sm"
                  >
                    {grantable.map((r) => (
                      <option key={r} value={r}>
                        {ROLE_LABELS[r]}
                      </option>
                    ))}
                  </select>
                  <Button
                    variant="secondary"
                    onClick={() => {
                      if (window.confirm(`Remove ${m.name} from this organization? They lose access at once.`)) {
                        remove.mutate({ userId: m.userId });
                      }
                    }}
                  >
                    Remove
                  </Button>
                </div>
              ) : (
                <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">{ROLE_LABELS[m.role]}</span>
              )}
            </li>
          ))}
        </ul>
      )}
      {actionError ? (
        <p role="alert" className="mt-2 text-sm text-red-600">
          {actionError.message}
        </p>
      ) : null}
      {canManage ? <AddMemberForm grantable={grantable} onAdded={refresh} /> : null}
    </section>
  );
}

function AddMemberForm({ grantable, onAdded }: { grantable: readonly Role[]; onAdded: () => void }) {
  const trpc = useTRPC();
  const roleId = useId();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("AGENT");
  const [added, setAdded] = useState<string | null>(null);
  const add = useMutation(trpc.member.add.mutationOptions());
  const errors = fieldErrorsOf(add.error);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setAdded(null);
    try {
      const answer = await add.mutateAsync({ email, role });
      // The same answer whether or not an account uses the email (src/server/tenancy/members.ts).
      setAdded(
        `If an account uses ${answer.email}, it is now a member as ${ROLE_LABELS[answer.role]}. If it does not appear in the list, ask them to sign up first, then add them again.`,
      );
      setEmail("");
      onAdded();
    } catch {
      // Shown next to the field below.
    }
  }

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="mt-6 flex flex-col gap-3 border-t border-slate-100 pt-6 sm:flex-row sm:items-start">
      <TextField
        label="Member email"
        name="email"
        type="email"
        className="flex-1"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={errors.email ?? (add.error && !Object.keys(errors).length ? add.error.message : undefined)}
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
      <Button type="submit" disabled={add.isPending} className="sm:mt-6">
        {add.isPending ? "Adding…" : "Add member"}
      </Button>
      {added ? (
        <p role="status" className="text-sm text-green-700 sm:mt-8">
          {added}
        </p>
      ) : null}
    </form>
  );
}
