"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { SelectField } from "@/components/forms/select-field";
import { Button } from "@/components/ui/button";
import { useConfirm } from "@/components/ui/use-confirm";
import { fieldErrorsOf, useTRPC } from "@/lib/trpc";
import { card, type ServicePageData } from "./types";

interface Props {
  service: ServicePageData;
  canManage: boolean;
  onChanged: () => Promise<void>;
}

const STATUS_STYLES: Record<string, string> = {
  ACTIVE: "bg-green-100 text-green-800",
  UNVERIFIED: "bg-amber-100 text-amber-800",
  INACTIVE: "bg-red-100 text-red-800",
};

export function ServiceIntegrations({ service, canManage, onChanged }: Props) {
  const trpc = useTRPC();
  const [integrationId, setIntegrationId] = useState("");
  const map = useMutation(trpc.service.mapIntegration.mutationOptions({ onSuccess: onChanged }));
  const unmap = useMutation(trpc.service.unmapIntegration.mutationOptions({ onSuccess: onChanged }));
  const errors = fieldErrorsOf(map.error);
  const { confirm, dialog } = useConfirm();

  async function onMap(event: FormEvent) {
    event.preventDefault();
    try {
      await map.mutateAsync({ serviceId: service.id, integrationId });
      setIntegrationId("");
    } catch {
      // shown below
    }
  }

  return (
    <section aria-labelledby="integrations-heading" className={card}>
      <h2 id="integrations-heading" className="text-lg font-semibold">
        Integrations
      </h2>
      <p className="mt-1 text-sm text-slate-600">Rules of this service can forward messages to the BOT and CCSP integrations mapped here.</p>
      {service.integrations.length === 0 ? (
        <p className="mt-4 text-sm text-slate-600">No integration is mapped yet.</p>
      ) : (
        <ul aria-label="Mapped integrations" className="mt-4 divide-y divide-slate-100">
          {service.integrations.map((integration) => (
            <li key={integration.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span className="flex items-center gap-2 text-sm">
                <span className="font-medium">{integration.name}</span>
                <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-semibold text-slate-700">{integration.kind}</span>
                <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_STYLES[integration.status] ?? ""}`}>{integration.status}</span>
              </span>
              {canManage ? (
                <Button
                  variant="secondary"
                  disabled={unmap.isPending}
                  aria-label={`Unmap ${integration.name}`}
                  onClick={() =>
                    confirm({
                      title: `Unmap ${integration.name}?`,
                      body: (
                        <p>
                          Rules of {service.name} will no longer be able to forward messages to {integration.name}. Conversations already open
                          with it carry on. A rule that still uses it must be changed or deleted first.
                        </p>
                      ),
                      confirmLabel: "Unmap integration",
                      danger: true,
                      run: () => unmap.mutateAsync({ serviceId: service.id, integrationId: integration.id }),
                    })
                  }
                >
                  Unmap
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {dialog}
      {canManage ? (
        service.available.integrations.length === 0 ? (
          <p className="mt-4 text-sm text-slate-600">
            Every integration is already mapped here.{" "}
            <Link href="/integrations" className="text-indigo-700 hover:underline">
              Add an integration
            </Link>
          </p>
        ) : (
          <form method="post" onSubmit={onMap} noValidate className="mt-4 flex flex-col gap-3 border-t border-slate-100 pt-4 sm:flex-row sm:items-start">
            <SelectField
              label="Integration to map"
              className="flex-1"
              value={integrationId}
              onChange={(e) => setIntegrationId(e.target.value)}
              error={errors.integrationId ?? (map.error && !errors.integrationId ? map.error.message : undefined)}
            >
              <option value="">Choose an integration…</option>
              {service.available.integrations.map((integration) => (
                <option key={integration.id} value={integration.id}>
                  {integration.name} ({integration.kind})
                </option>
              ))}
            </SelectField>
            <Button type="submit" disabled={map.isPending} className="sm:mt-6">
              {map.isPending ? "Saving…" : "Save"}
            </Button>
          </form>
        )
      ) : null}
    </section>
  );
}
