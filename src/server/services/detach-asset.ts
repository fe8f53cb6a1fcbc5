// Detaching a channel asset from its service: refused while a rule of the service uses it.
import type { Db } from "@/server/db/client";
import { conflict, DomainError } from "@/server/errors";
import type { Actor } from "@/server/tenancy/actor";
import { lockService } from "./lock";
import { describableRuleInclude, usedByRules } from "./rules/describe";

export async function detachAsset(db: Db, actor: Actor, input: { serviceId: string; assetId: string }) {
  const { tenantId } = actor;
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
