// Attaching a channel asset to a service. An asset belongs to at most one service.
import type { Db } from "@/server/db/client";
import { conflict, notFound } from "@/server/errors";
import type { Actor } from "@/server/tenancy/actor";
import { lockService } from "./lock";

export async function attachAsset(db: Db, actor: Actor, input: { serviceId: string; assetId: string }) {
  const { tenantId } = actor;
  return db.$transaction(async (tx) => {
    const service = await lockService(tx, tenantId, input.serviceId);
    const asset = await tx.channelAsset.findFirst({
      where: { id: input.assetId, tenantId },
      include: { service: { select: { id: true, name: true } } },
    });
    if (!asset) throw notFound("Channel");
    if (asset.service?.id === service.id) return { serviceId: service.id, assetId: asset.id };
    const alreadyIn = (name: string) =>
      conflict(`Channel "${asset.name}" already belongs to service "${name}": detach it there first`, "assetId");
    if (asset.service) throw alreadyIn(asset.service.name);
    // Only if still unattached: two services racing for one asset cannot both win.
    const { count } = await tx.channelAsset.updateMany({
      where: { id: asset.id, tenantId, serviceId: null },
      data: { serviceId: service.id },
    });
    if (count === 0) {
      const now = await tx.channelAsset.findFirst({ where: { id: asset.id }, include: { service: { select: { name: true } } } });
      throw alreadyIn(now?.service?.name ?? "another service");
    }
    return { serviceId: service.id, assetId: asset.id };
  });
}
