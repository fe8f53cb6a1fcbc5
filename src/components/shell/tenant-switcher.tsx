"use client";

import { useMutation } from "@tanstack/react-query";
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId } from "react";
import { useTRPC } from "@/lib/trpc";
import type { CurrentMembership } from "@/server/tenancy/memberships";

/** Shows the current organization; with several, lets the user switch. */
export function TenantSwitcher({ current, memberships }: { current: CurrentMembership; memberships: CurrentMembership[] }) {
  const id = useId();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const switchTenant = useMutation(
    trpc.tenant.switch.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries();
        router.refresh();
      },
    }),
  );

  if (memberships.length < 2) {
    return (
      <span className="block max-w-36 min-w-0 truncate text-sm font-semibold text-slate-800 sm:max-w-48" title={current.tenantName} data-testid="current-tenant">
        {current.tenantName}
      </span>
    );
  }
  return (
    <div className="flex min-w-0 items-center gap-2">
      <label htmlFor={id} className="sr-only">
        Organization
      </label>
      <select
        id={id}
        data-testid="tenant-switcher"
        value={current.tenantId}
        disabled={switchTenant.isPending}
        onChange={(event) => switchTenant.mutate({ tenantId: event.target.value })}
        className="max-w-36 truncate rounded-md sm:max-w-48 border border-slate-300 bg-white py-1.5 pl-2 pr-8 text-sm font-semibold"
      >
        {memberships.map((m) => (
          <option key={m.tenantId} value={m.tenantId}>
            {m.tenantName}
          </option>
        ))}
      </select>
    </div>
  );
}
