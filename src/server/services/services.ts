// Services group channel assets with the integrations mapped to them, and hold the rules.
import type { Db } from "@/server/db/client";
import { conflict, notFound } from "@/server/errors";
import { isUniqueViolation } from "@/server/db/errors";
import { CHANNEL_TYPE_LABELS } from "@/server/channels/channel-types";
import { describeServiceDeletion } from "./delete-service";
import { listServiceRules } from "./rules/rules";

const nameTaken = () => conflict("A service with this name already exists", "name");

const integrationSelect = { id: true, name: true, kind: true, platform: true, status: true } as const;

export async function listServices(db: Db, tenantId: string) {
  const rows = await db.service.findMany({
    where: { tenantId },
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

export async function findService(db: Db, tenantId: string, id: string) {
  const service = await db.service.findFirst({ where: { id, tenantId }, select: { id: true, name: true } });
  if (!service) throw notFound("Service");
  return service;
}

/** The service page: its channels, mapped integrations, rules, what can still be added, deletion. */
export async function getService(db: Db, tenantId: string, id: string) {
  const row = await db.service.findFirst({
    where: { id, tenantId },
    include: {
      assets: { orderBy: { name: "asc" } },
      integrations: { include: { integration: { select: integrationSelect } }, orderBy: { createdAt: "asc" } },
    },
  });
  if (!row) throw notFound("Service");
  const [rules, freeAssets, unmappedIntegrations, deletion] = await Promise.all([
    listServiceRules(db, tenantId, id),
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

export async function createService(db: Db, tenantId: string, input: { name: string }) {
  try {
    return await db.service.create({ data: { tenantId, name: input.name }, select: { id: true, name: true } });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

export async function renameService(db: Db, tenantId: string, input: { id: string; name: string }) {
  const service = await findService(db, tenantId, input.id);
  try {
    return await db.service.update({ where: { id: service.id }, data: { name: input.name }, select: { id: true, name: true } });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}
