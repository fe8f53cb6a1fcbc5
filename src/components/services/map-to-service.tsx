"use client";

// "Map the added BOT integration to a service and click Save": for the integration list and the
// integration's page. Shows the services the integration is mapped to and maps it to one more.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { fieldErrorsOf, useTRPC } from "@/lib/trpc";

interface Props {
  integrationId: string;
  /** Used in labels, e.g. `Service for "Helpdesk bot"`. */
  integrationName: string;
  /** OWNER and ADMIN: the select and "Save"; others only see where it is mapped. */
  canManage: boolean;
}

export function MapToService({ integrationId, integrationName, canManage }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const selectId = useId();
  const [serviceId, setServiceId] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  const services = useQuery(trpc.service.ofIntegration.queryOptions({ integrationId }));
  const map = useMutation(trpc.service.mapIntegration.mutationOptions());
  const errors = fieldErrorsOf(map.error);
  const error = errors.serviceId ?? errors.integrationId ?? map.error?.message;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSaved(null);
    let result;
    try {
      result = await map.mutateAsync({ serviceId, integrationId });
    } catch {
      return;
    }
    setServiceId("");
    setSaved(`Mapped to ${result.service.name}`);
    await queryClient.invalidateQueries({ queryKey: trpc.service.pathKey() });
  }

  if (services.isPending) return <p className="text-xs text-slate-500">Loading services…</p>;
  if (services.isError) {
    return (
      <p role="alert" className="text-xs text-red-600">
        Could not load services: {services.error.message}
      </p>
    );
  }
  const { mapped, available } = services.data;

  return (
    <div className="space-y-2 text-sm" data-testid="map-to-service">
      <p className="text-slate-700">
        <span className="text-slate-500">Services: </span>
        {mapped.length === 0
          ? "not mapped to a service yet"
          : mapped.map((service, i) => (
              <span key={service.id}>
                {i > 0 ? ", " : null}
                <Link href={`/services/${service.id}`} className="text-indigo-700 hover:underline">
                  {service.name}
                </Link>
              </span>
            ))}
      </p>
      {canManage ? (
        available.length === 0 ? (
          mapped.length === 0 ? (
            <p className="text-slate-600">
              <Link href="/services" className="text-indigo-700 hover:underline">
                Create a service
              </Link>{" "}
              to map this integration to.
            </p>
          ) : null
        ) : (
          <form method="post" onSubmit={onSubmit} noValidate className="flex flex-wrap items-center gap-2">
            <label htmlFor={selectId} className="sr-only">
              Service for &quot;{integrationName}&quot;
            </label>
            <select
              id={selectId}
              value={serviceId}
              onChange={(e) => setServiceId(e.target.value)}
              aria-invalid={error ? true : undefined}
              className="rounded-md border border-slate-300 bg-white py-1.5 pl-2 pr-8 text-sm"
            >
              <option value="">Map to a service…</option>
              {available.map((service) => (
                <option key={service.id} value={service.id}>
                  {service.name}
                </option>
              ))}
            </select>
            <Button type="submit" disabled={map.isPending || serviceId === ""}>
              {map.isPending ? "Saving…" : "Save"}
            </Button>
          </form>
        )
      ) : null}
      {/* Outside the form: mapping to the last free service removes the form. */}
      {saved ? (
        <p role="status" className="text-green-700">
          {saved}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}
