"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { MapToService } from "@/components/services/map-to-service";
import { EmptyState } from "@/components/ui/empty-state";
import { useTRPC } from "@/lib/trpc";
import { formatTime, typeLabel } from "./labels";
import { StatusBadge } from "./status-badge";
import { SuccessSparkline } from "./success-sparkline";

export function IntegrationList({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.integration.list.queryOptions());
  const webhookIds = (list.data ?? []).filter((i) => i.platform !== "BUILT_IN").map((i) => i.id);
  const sparklines = useQuery({ ...trpc.delivery.sparklines.queryOptions({ integrationIds: webhookIds.slice(0, 200) }), enabled: webhookIds.length > 0 });
  const sparklineOf = new Map((sparklines.data ?? []).map((s) => [s.integrationId, s]));

  if (list.isPending) return <p className="text-sm text-slate-500">Loading integrations…</p>;
  if (list.isError) {
    return (
      <p role="alert" className="text-sm text-red-600">
        Could not load integrations: {list.error.message}
      </p>
    );
  }
  if (list.data.length === 0) {
    return (
      <EmptyState title="No integrations yet">
        An integration connects a bot or a contact centre (CCSP): Switchboard posts your customers&apos; messages to its
        webhook, and it answers on a webhook generated for it.{" "}
        {canManage ? "Click Add Integration to connect one." : "Ask an owner or admin to add one."}
      </EmptyState>
    );
  }

  return (
    <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Integrations</caption>
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-3">Name</th>
            <th scope="col" className="px-4 py-3">Type</th>
            <th scope="col" className="px-4 py-3">Status</th>
            <th scope="col" className="px-4 py-3">Success, 24 h</th>
            <th scope="col" className="px-4 py-3">Consecutive failures</th>
            <th scope="col" className="px-4 py-3">Last verified</th>
            <th scope="col" className="px-4 py-3">Services</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {list.data.map((integration) => (
            <tr key={integration.id} data-testid="integration-row">
              <td className="px-4 py-3 font-medium">
                <Link href={`/integrations/${integration.id}`} className="text-indigo-700 hover:underline">
                  {integration.name}
                </Link>
              </td>
              <td className="px-4 py-3 text-slate-700">{typeLabel(integration.kind, integration.platform)}</td>
              <td className="px-4 py-3">
                <StatusBadge status={integration.status} />
              </td>
              <td className="px-4 py-3 whitespace-nowrap">
                {integration.platform === "BUILT_IN" ? (
                  <span className="text-xs text-slate-400">No webhooks</span>
                ) : sparklines.isPending ? (
                  <span className="text-xs text-slate-400">…</span>
                ) : (
                  <SuccessSparkline data={sparklineOf.get(integration.id)} />
                )}
              </td>
              <td className="px-4 py-3 text-slate-700">{integration.consecutiveFailures}</td>
              <td className="px-4 py-3 text-slate-700">
                {integration.platform === "BUILT_IN" ? "Not needed" : formatTime(integration.lastVerifiedAt)}
              </td>
              <td className="px-4 py-3">
                {/* "On the integration list, map the added BOT integration to a service and click Save." */}
                <MapToService integrationId={integration.id} integrationName={integration.name} canManage={canManage} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
