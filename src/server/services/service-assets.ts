// Attaching channel assets to a service. An asset belongs to at most one service.
import type { Db } from "@/server/db/client";
import { conflict, DomainError, notFound } from "@/server/errors";
import { lockService } from "./lock";
import { describableRuleInclude, usedByRules } from "./rules/describe";

type Input = { serviceId: string; assetId: string };

export async function attachAsset(db: Db, tenantId: string, input: Input) {
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

export async function detachAsset(db: Db, tenantId: string, input: Input) {
  return db.$transaction(async (tx) => {
    const service = await lockService(tx, tenantId, input.serviceId);
    const asset = await tx.channelAsset.findFirst({ where: { id: input.assetId, tenantId, serviceId: service.id } });
    if (!asset) throw new DomainError("NOT_FOUND", "This channel is not attached to this service");
    const rules = await tx.rule.findMany({
      where: { tenantId, serviceId: service.id, channelAssetId: asset.id },
      include: describableRuleInclude,
      orderBy: { position: "asc" },
    });
    if (rules.length > 0) {
      throw conflict(`Channel "${asset.name}" ${usedByRules(rules)}. Change or delete ${rules.length === 1 ? "that rule" : "those rules"} first.`);
    }
    await tx.channelAsset.update({ where: { id: asset.id }, data: { serviceId: null } });
    return { serviceId: service.id, assetId: asset.id };
  });
}
