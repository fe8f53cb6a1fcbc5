// Deleting a channel asset: refused while a rule uses it (the reason names the rules); otherwise
// the confirmation says what goes with it.
import type { Db } from "@/server/db/client";
import { conflict, notFound } from "@/server/errors";
import { announce } from "@/server/live/publish";
import { describableRuleInclude, usedByRules } from "@/server/services/rules/describe";
import { plural } from "@/lib/plural";
import { isForeignKeyViolation } from "@/server/db/errors";
import type { Actor } from "@/server/tenancy/actor";

export type Deletion = { allowed: boolean; message: string };

type AssetRef = { id: string; name: string; service: { name: string } | null };

export async function describeAssetDeletion(db: Db, tenantId: string, asset: AssetRef): Promise<Deletion> {
  const rules = await db.rule.findMany({
    where: { tenantId, channelAssetId: asset.id },
    include: describableRuleInclude,
    orderBy: [{ serviceId: "asc" }, { position: "asc" }],
  });
  if (rules.length > 0) {
    return {
      allowed: false,
      message: `Channel "${asset.name}" ${usedByRules(rules)}. Change or delete ${rules.length === 1 ? "that rule" : "those rules"} first.`,
    };
  }
  const conversations = await db.conversation.count({ where: { tenantId, channelAssetId: asset.id } });
  const parts = [`Delete channel "${asset.name}"? Customers can no longer write on it.`];
  if (asset.service) parts.push(`It is removed from service "${asset.service.name}".`);
  if (conversations > 0) parts.push(`Its ${plural(conversations, "conversation")} and their messages are deleted too.`);
  return { allowed: true, message: parts.join(" ") };
}

export async function deleteChannelAsset(db: Db, actor: Actor, id: string) {
  const { tenantId } = actor;
  const asset = await db.channelAsset.findFirst({ where: { id, tenantId }, include: { service: { select: { name: true } } } });
  if (!asset) throw notFound("Channel");
  const deletion = await describeAssetDeletion(db, tenantId, asset);
  if (!deletion.allowed) throw conflict(deletion.message);
  try {
    await db.$transaction(async (tx) => {
      await tx.channelAsset.delete({ where: { id: asset.id } });
      // Its visitors' open streams end (in every process).
      await announce(tx, { type: "channel-deleted", tenantId, channelAssetId: asset.id });
    });
  } catch (error) {
    // A rule saved between the check and the delete: the foreign key refuses, say why.
    if (isForeignKeyViolation(error)) {
      const now = await describeAssetDeletion(db, tenantId, asset);
      throw conflict(now.allowed ? `Channel "${asset.name}" is still in use: reload and try again` : now.message);
    }
    throw error;
  }
  return { deleted: true };
}
