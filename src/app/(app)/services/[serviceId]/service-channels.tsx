"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { SelectField } from "@/components/forms/select-field";
import { Button } from "@/components/ui/button";
import { useConfirm } from "@/components/ui/use-confirm";
import { fieldErrorsOf, useTRPC } from "@/lib/trpc";
import { CHANNEL_TYPE_LABELS } from "@/server/channels/channel-types";
import { card, type ServicePageData } from "./types";

interface Props {
  service: ServicePageData;
  canManage: boolean;
  onChanged: () => Promise<void>;
}

export function ServiceChannels({ service, canManage, onChanged }: Props) {
  const trpc = useTRPC();
  const [assetId, setAssetId] = useState("");
  const attach = useMutation(trpc.service.attachAsset.mutationOptions({ onSuccess: onChanged }));
  const detach = useMutation(trpc.service.detachAsset.mutationOptions({ onSuccess: onChanged }));
  const errors = fieldErrorsOf(attach.error);
  const { confirm, dialog } = useConfirm();

  async function onAttach(event: FormEvent) {
    event.preventDefault();
    try {
      await attach.mutateAsync({ serviceId: service.id, assetId });
      setAssetId("");
    } catch {
      // shown below
    }
  }

  return (
    <section aria-labelledby="channels-heading" className={card}>
      <h2 id="channels-heading" className="text-lg font-semibold">
        Channels
      </h2>
      <p className="mt-1 text-sm text-slate-600">Rules of this service trigger on messages from these channels. A channel belongs to one service.</p>
      {service.assets.length === 0 ? (
        <p className="mt-4 text-sm text-slate-600">No channel is attached yet.</p>
      ) : (
        <ul aria-label="Attached channels" className="mt-4 divide-y divide-slate-100">
          {service.assets.map((asset) => (
            <li key={asset.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span className="text-sm">
                <Link href={`/channels/${asset.id}`} className="font-medium text-indigo-700 hover:underline">
                  {asset.name}
                </Link>{" "}
                <span className="text-slate-500">
                  {asset.typeLabel} · {asset.channelLabel}
                </span>
              </span>
              {canManage ? (
                <Button
                  variant="secondary"
                  disabled={detach.isPending}
                  aria-label={`Detach ${asset.name}`}
                  onClick={() =>
                    confirm({
                      title: `Detach ${asset.name}?`,
                      body: (
                        <p>
                          Messages from {asset.name} will no longer be routed by the rules of {service.name}: until the channel is attached to a
                          service again, its customers&apos; new messages stay unrouted. Conversations already open carry on.
                        </p>
                      ),
                      confirmLabel: "Detach channel",
                      danger: true,
                      run: () => detach.mutateAsync({ serviceId: service.id, assetId: asset.id }),
                    })
                  }
                >
                  Detach
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {dialog}
      {canManage ? (
        service.available.assets.length === 0 ? (
          <p className="mt-4 text-sm text-slate-600">
            Every channel is already in a service. <Link href="/channels" className="text-indigo-700 hover:underline">Add a channel</Link>
          </p>
        ) : (
          <form method="post" onSubmit={onAttach} noValidate className="mt-4 flex flex-col gap-3 border-t border-slate-100 pt-4 sm:flex-row sm:items-start">
            <SelectField
              label="Channel to attach"
              className="flex-1"
              value={assetId}
              onChange={(e) => setAssetId(e.target.value)}
              error={errors.assetId ?? (attach.error && !errors.assetId ? attach.error.message : undefined)}
            >
              <option value="">Choose a channel…</option>
              {service.available.assets.map((asset) => (
                <option key={asset.id} value={asset.id}>
                  {asset.name} ({CHANNEL_TYPE_LABELS[asset.type]})
                </option>
              ))}
            </SelectField>
            <Button type="submit" disabled={attach.isPending} className="sm:mt-6">
              {attach.isPending ? "Attaching…" : "Attach"}
            </Button>
          </form>
        )
      ) : null}
    </section>
  );
}
