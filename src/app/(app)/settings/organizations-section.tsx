"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { fieldErrorsOf, useTRPC } from "@/lib/trpc";

export function OrganizationsSection() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const create = useMutation(trpc.tenant.create.mutationOptions());
  const errors = fieldErrorsOf(create.error);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    try {
      await create.mutateAsync({ name });
    } catch {
      return;
    }
    setName("");
    await queryClient.invalidateQueries();
    router.push("/dashboard");
    router.refresh();
  }

  return (
    <section aria-labelledby="orgs-heading" className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h2 id="orgs-heading" className="text-lg font-semibold">
        New organization
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Create another organization that you own; switch between your organizations from the top bar.
      </p>
      <form method="post" onSubmit={onSubmit} noValidate className="mt-4 flex flex-col gap-3 sm:flex-row sm:items-start">
        <TextField
          label="Organization name"
          name="organizationName"
          className="flex-1"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.name}
        />
        <Button type="submit" disabled={create.isPending} className="sm:mt-6">
          {create.isPending ? "Creating…" : "Create organization"}
        </Button>
      </form>
    </section>
  );
}
