// Reading services: the list, one service's page, and the services of an integration. Services
// group channel assets with the integrations mapped to them, and hold the rules.
import type { Db } from "@/server/db/client";
import { notFound } from "@/server/errors";
import { CHANNEL_TYPE_LABELS } from "@/server/channels/channel-types";
import type { Actor } from "@/server/tenancy/actor";
import { describeServiceDeletion } from "./delete";
import { listServiceRules } from "./rules/queries";
import { serviceIntegrationSelect as integrationSelect } from "./store";

export async function listServices(db: Db, actor: Actor) {
  const rows = await db.service.findMany({
    where: { tenantId: actor.tenantId },
    orderBy: { name: "asc" },
    include: {
      assets: { select: { id: true, name: true, type: true }, orderBy: { name: "asc" } },
      integrations: { include: { integration: { select: integrationSelect } }, orderBy: { createdAt: "asc" } },
      _count: { select: { rules: true } },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    assets: row.assets,
    integrations: row.integrations.map((mapping) => mapping.integration),
    ruleCount: row._count.rules,
  }));
}

/** The service page: its channels, mapped integrations, rules, what can still be added, deletion. */
export async function getService(db: Db, actor: Actor, id: string) {
  const { tenantId } = actor;
  const row = await db.service.findFirst({
    where: { id, tenantId },
    include: {
      assets: { orderBy: { name: "asc" } },
      integrations: { include: { integration: { select: integrationSelect } }, orderBy: { createdAt: "asc" } },
    },
  });
  if (!row) throw notFound("Service");
  const [rules, freeAssets, unmappedIntegrations, deletion] = await Promise.all([
    listServiceRules(db, actor, id),
    db.channelAsset.findMany({ where: { tenantId, serviceId: null }, select: { id: true, name: true, type: true }, orderBy: { name: "asc" } }),
    db.integration.findMany({
      where: { tenantId, deletedAt: null, services: { none: { serviceId: id } } },
      select: integrationSelect,
      orderBy: { name: "asc" },
    }),
    describeServiceDeletion(db, tenantId, row),
  ]);
  return {
    id: row.id,
    name: row.name,
    assets: row.assets.map((asset) => ({
      id: asset.id,
      name: asset.name,
      type: asset.type,
      typeLabel: CHANNEL_TYPE_LABELS[asset.type],
      channelLabel: asset.channelLabel,
    })),
    integrations: row.integrations.map((mapping) => mapping.integration),
    rules,
    /** Channels not attached to any service, and integrations not mapped here yet. */
    available: { assets: freeAssets, integrations: unmappedIntegrations },
    deletion,
  };
}

/** For the integration list's "map to a service": where it is mapped, and where it could be. */
export async function servicesOfIntegration(db: Db, actor: Actor, integrationId: string) {
  const { tenantId } = actor;
  const integration = await db.integration.findFirst({
    where: { id: integrationId, tenantId, deletedAt: null },
    select: { id: true, name: true, kind: true },
  });
  if (!integration) throw notFound("Integration");
  const services = await db.service.findMany({
    where: { tenantId },
    select: { id: true, name: true, integrations: { where: { integrationId }, select: { integrationId: true } } },
    orderBy: { name: "asc" },
  });
  return {
    integration,
    mapped: services.filter((s) => s.integrations.length > 0).map(({ id, name }) => ({ id, name })),
    available: services.filter((s) => s.integrations.length === 0).map(({ id, name }) => ({ id, name })),
  };
}
