"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { useConfirm } from "@/components/ui/use-confirm";
import { PageHeader } from "@/components/ui/page-header";
import { TextField } from "@/components/ui/text-field";
import { fieldErrorsOf, useTRPC } from "@/lib/trpc";
import { RulesSection } from "./rules-section";
import { ServiceChannels } from "./service-channels";
import { ServiceIntegrations } from "./service-integrations";
import { card, type ServicePageData } from "./types";

export function ServiceDetail({ id, canManage }: { id: string; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const service = useQuery(trpc.service.get.queryOptions({ id }));
  /** Everything on the page derives from service.get; lists elsewhere from service/channel list. */
  const refresh = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.service.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.channel.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.rule.pathKey() }),
    ]);
  };

  if (service.isPending) return <p className="text-sm text-slate-500">Loading service…</p>;
  if (service.isError) {
    return (
      <p role="alert" className="text-sm text-red-600">
        Could not load this service: {service.error.message}. <Link href="/services" className="underline">Back to services</Link>
      </p>
    );
  }
  const data = service.data;

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-600">
        <Link href="/services" className="hover:underline">
          Services
        </Link>{" "}
        / {data.name}
      </nav>
      <PageHeader title={data.name} description="Channels customers write on, the integrations that answer them, and the rules in between." />
      <div className="space-y-6">
        <ServiceChannels service={data} canManage={canManage} onChanged={refresh} />
        <ServiceIntegrations service={data} canManage={canManage} onChanged={refresh} />
        <RulesSection service={data} canManage={canManage} onChanged={refresh} />
        {canManage ? <ServiceSettings key={data.id} service={data} onChanged={refresh} /> : null}
      </div>
    </>
  );
}

function ServiceSettings({ service, onChanged }: { service: ServicePageData; onChanged: () => Promise<void> }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState(service.name);
  const rename = useMutation(trpc.service.rename.mutationOptions({ onSuccess: onChanged }));
  const remove = useMutation(
    trpc.service.delete.mutationOptions({
      onSuccess: async () => {
        await onChanged();
        router.push("/services");
      },
    }),
  );
  const errors = fieldErrorsOf(rename.error);
  const { confirm, dialog } = useConfirm();

  function onRename(event: FormEvent) {
    event.preventDefault();
    rename.mutate({ id: service.id, name });
  }

  return (
    <section aria-labelledby="settings-heading" className={card}>
      <h2 id="settings-heading" className="text-lg font-semibold">
        Service settings
      </h2>
      <form method="post" onSubmit={onRename} noValidate className="mt-4 flex flex-col gap-3 sm:flex-row sm:items-start">
        <TextField
          label="Service name"
          className="flex-1"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.name ?? (rename.error && !errors.name ? rename.error.message : undefined)}
        />
        <Button type="submit" variant="secondary" disabled={rename.isPending} className="sm:mt-6">
          {rename.isPending ? "Renaming…" : "Rename"}
        </Button>
      </form>
      <div className="mt-6 border-t border-slate-100 pt-6">
        {service.deletion.allowed ? (
          <Button
            variant="danger"
            disabled={remove.isPending}
            onClick={() =>
              confirm({
                title: `Delete service "${service.name}"?`,
                body: <p>{service.deletion.message} This cannot be undone.</p>,
                confirmLabel: "Delete service",
                danger: true,
                run: () => remove.mutateAsync({ id: service.id }),
              })
            }
          >
            Delete service
          </Button>
        ) : (
          <p className="text-sm text-slate-700">
            <span className="font-medium">This service cannot be deleted yet.</span> {service.deletion.message}
          </p>
        )}
        {dialog}
      </div>
    </section>
  );
}
