/** Reading channel assets: the list, and one asset's page. Every role may read them. */
import type { Db } from "@/server/db/client";
import { env } from "@/server/config/env";
import { describableRuleInclude, ruleSummary } from "@/server/services/rules/describe";
import type { Actor } from "@/server/tenancy/actor";
import { describeAssetDeletion } from "./delete";
import { findChannelAsset } from "./store";
import { channelAssetInclude, toChannelAssetView } from "./views";

export async function listChannelAssets(db: Db, actor: Actor) {
  const rows = await db.channelAsset.findMany({ where: { tenantId: actor.tenantId }, include: channelAssetInclude, orderBy: { name: "asc" } });
  return rows.map(toChannelAssetView);
}

/** The asset's page: the asset, the rules that use it, and what deleting it would do. */
export async function getChannelAsset(db: Db, actor: Actor, id: string) {
  const { tenantId } = actor;
  const row = await findChannelAsset(db, tenantId, id);
  const rules = await db.rule.findMany({
    where: { tenantId, channelAssetId: id },
    include: describableRuleInclude,
    orderBy: [{ serviceId: "asc" }, { position: "asc" }],
  });
  return {
    ...toChannelAssetView(row),
    rules: rules.map((rule) => ({ id: rule.id, serviceId: rule.serviceId, summary: ruleSummary(rule) })),
    deletion: await describeAssetDeletion(db, tenantId, row),
    /** MESSENGER: without MESSENGER_GRAPH_API_URL nothing reaches Messenger (the page warns). */
    graphApiConfigured: Boolean(env().MESSENGER_GRAPH_API_URL),
  };
}
