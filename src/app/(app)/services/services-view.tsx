"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { TextField } from "@/components/ui/text-field";
import { plural } from "@/lib/plural";
import { fieldErrorsOf, useTRPC } from "@/lib/trpc";

export function ServicesView({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const services = useQuery(trpc.service.list.queryOptions());

  return (
    <div className="space-y-8">
      {services.isPending ? (
        <p className="text-sm text-slate-500">Loading services…</p>
      ) : services.isError ? (
        <p role="alert" className="text-sm text-red-600">
          Could not load services: {services.error.message}
        </p>
      ) : services.data.length === 0 ? (
        <EmptyState title="No services yet">
          A service ties channels to bots and agents with ordered rules: forward to a bot, to a contact centre, or to a bot with
          handover.{canManage ? " Create the first one below." : " An admin can create one."}
        </EmptyState>
      ) : (
        <ul aria-label="Services" className="divide-y divide-slate-100 rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          {services.data.map((service) => (
            <li key={service.id} className="flex flex-wrap items-baseline justify-between gap-2 px-4 py-3">
              <Link href={`/services/${service.id}`} className="font-medium text-indigo-700 hover:underline">
                {service.name}
              </Link>
              <span className="text-sm text-slate-600">
                {plural(service.assets.length, "channel")} · {plural(service.integrations.length, "integration")} ·{" "}
                {plural(service.ruleCount, "rule")}
              </span>
            </li>
          ))}
        </ul>
      )}
      {canManage ? <CreateServiceForm /> : null}
    </div>
  );
}


function CreateServiceForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const create = useMutation(trpc.service.create.mutationOptions());
  const errors = fieldErrorsOf(create.error);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    let service;
    try {
      service = await create.mutateAsync({ name });
    } catch {
      return;
    }
    await queryClient.invalidateQueries({ queryKey: trpc.service.pathKey() });
    router.push(`/services/${service.id}`);
  }

  return (
    <section aria-labelledby="new-service-heading" className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h2 id="new-service-heading" className="text-lg font-semibold">
        New service
      </h2>
      <form method="post" onSubmit={onSubmit} noValidate className="mt-4 flex flex-col gap-3 sm:flex-row sm:items-start">
        <TextField
          label="Service name"
          className="flex-1"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.name ?? (create.error && !errors.name ? create.error.message : undefined)}
        />
        <Button type="submit" disabled={create.isPending} className="sm:mt-6">
          {create.isPending ? "Creating…" : "Create service"}
        </Button>
      </form>
    </section>
  );
}
