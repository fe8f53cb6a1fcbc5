"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { useTRPC } from "@/lib/trpc";
import { CreateChannelForm } from "./create-channel-form";

export function ChannelsView({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const channels = useQuery(trpc.channel.list.queryOptions());

  return (
    <div className="space-y-8">
      {channels.isPending ? (
        <p className="text-sm text-slate-500">Loading channels…</p>
      ) : channels.isError ? (
        <p role="alert" className="text-sm text-red-600">
          Could not load channels: {channels.error.message}
        </p>
      ) : channels.data.length === 0 ? (
        <EmptyState title="No channels yet">
          A channel asset is where customers write: the hosted web chat page, or a channel provider posting to the channel API.
          {canManage ? " Add the first one below." : " An admin can add one."}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="Channels">
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
              <tr>
                <th scope="col" className="px-4 py-3">Name</th>
                <th scope="col" className="px-4 py-3">Type</th>
                <th scope="col" className="px-4 py-3">Channel label</th>
                <th scope="col" className="px-4 py-3">Service</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {channels.data.map((asset) => (
                <tr key={asset.id}>
                  <td className="px-4 py-3 font-medium">
                    <Link href={`/channels/${asset.id}`} className="text-indigo-700 hover:underline">
                      {asset.name}
                    </Link>
                  </td>
                  <td className="px-4 py-3">{asset.typeLabel}</td>
                  <td className="px-4 py-3 font-mono text-xs">{asset.channelLabel}</td>
                  <td className="px-4 py-3">
                    {asset.service ? (
                      <Link href={`/services/${asset.service.id}`} className="text-indigo-700 hover:underline">
                        {asset.service.name}
                      </Link>
                    ) : (
                      <span className="text-slate-500">Not in a service</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canManage ? <CreateChannelForm /> : null}
    </div>
  );
}
