"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useConfirm } from "@/components/ui/use-confirm";
import { useTRPC } from "@/lib/trpc";
import { ROLE_LABELS, ROLES, type Role } from "@/server/tenancy/roles";
import { InvitationsSection } from "./invitations-section";

interface Props {
  currentUserId: string;
  myRole: Role;
  canManage: boolean;
}

const roleHelp: Record<Role, string> = {
  OWNER: "Owners can do everything, including making others owners and deleting with history.",
  ADMIN: "Admins configure everything and manage members, but cannot make owners.",
  AGENT: "Agents answer conversations on the desk.",
  VIEWER: "Viewers can look but not change anything.",
};

export function MembersSection({ currentUserId, myRole, canManage }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.member.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.member.list.queryKey() });
  const changeRole = useMutation(trpc.member.changeRole.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.member.remove.mutationOptions({ onSettled: refresh }));
  const [saved, setSaved] = useState<string | null>(null);
  const grantable = ROLES.filter((r) => r !== "OWNER" || myRole === "OWNER");
  const { confirm, dialog } = useConfirm();

  // The select keeps showing the stored role until the change is confirmed and saved.
  function proposeRole(member: { userId: string; name: string; role: Role }, to: Role) {
    setSaved(null);
    if (to === member.role) return;
    confirm({
      title: `Make ${member.name} ${ROLE_LABELS[to]}?`,
      body: (
        <p>
          Change the role of {member.name} from {ROLE_LABELS[member.role]} to {ROLE_LABELS[to]}. {roleHelp[to]}
          {to === "OWNER" ? " They can then also remove you." : ""}
        </p>
      ),
      confirmLabel: `Make ${ROLE_LABELS[to]}`,
      run: async () => {
        const result = await changeRole.mutateAsync({ userId: member.userId, role: to });
        setSaved(`Saved: ${result.name} is now ${ROLE_LABELS[result.role]}.`);
      },
    });
  }

  return (
    <section aria-labelledby="members-heading" className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h2 id="members-heading" className="text-lg font-semibold">
        Members
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Owners and admins configure everything; agents answer conversations; viewers can look but not change. An organization
        always keeps at least one owner.
      </p>
      {members.isPending ? (
        <p className="mt-4 text-sm text-slate-500">Loading members…</p>
      ) : members.isError ? (
        <p role="alert" className="mt-4 text-sm text-red-600">
          Could not load members: {members.error.message}
        </p>
      ) : (
        <ul className="mt-4 divide-y divide-slate-100" aria-label="Members">
          {members.data.map((m) => {
            const editable = canManage && m.userId !== currentUserId && (m.role !== "OWNER" || myRole === "OWNER");
            return (
              <li key={m.userId} className="py-3">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <div>
                    <p className="text-sm font-medium">
                      {m.name} {m.userId === currentUserId ? <span className="text-slate-500">(you)</span> : null}
                    </p>
                    <p className="text-xs text-slate-500">{m.email}</p>
                  </div>
                  {editable ? (
                    <div className="flex items-center gap-2">
                      <label className="sr-only" htmlFor={`role-${m.userId}`}>
                        Role of {m.name}
                      </label>
                      <select
                        id={`role-${m.userId}`}
                        value={m.role}
                        onChange={(e) => proposeRole(m, e.target.value as Role)}
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
                        onClick={() =>
                          confirm({
                            title: `Remove ${m.name}?`,
                            body: (
                              <p>
                                {m.name} loses access to this organization at once, on every device. The conversations they answered keep
                                their history. You can invite them again later.
                              </p>
                            ),
                            confirmLabel: "Remove member",
                            danger: true,
                            run: () => remove.mutateAsync({ userId: m.userId }),
                          })
                        }
                      >
                        Remove
                      </Button>
                    </div>
                  ) : (
                    <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">{ROLE_LABELS[m.role]}</span>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {saved ? (
        <p role="status" className="mt-2 text-sm text-green-700">
          {saved}
        </p>
      ) : null}
      {dialog}
      {canManage ? <InvitationsSection grantable={grantable} /> : null}
    </section>
  );
}
