// Mapping integrations to services ("map the added BOT integration to a service and click Save"),
// from the service page or from the integration list.
import type { Db } from "@/server/db/client";
import { conflict, DomainError, notFound } from "@/server/errors";
import { lockService } from "./lock";
import { describableRuleInclude, usedByRules } from "./rules/describe";

type Input = { serviceId: string; integrationId: string };

export async function mapIntegration(db: Db, tenantId: string, input: Input) {
  return db.$transaction(async (tx) => {
    const service = await lockService(tx, tenantId, input.serviceId);
    const integration = await tx.integration.findFirst({
      where: { id: input.integrationId, tenantId, deletedAt: null },
      select: { id: true, name: true, kind: true },
    });
    if (!integration) throw notFound("Integration");
    await tx.serviceIntegration.createMany({
      data: [{ serviceId: service.id, integrationId: integration.id }],
      skipDuplicates: true,
    });
    return { service, integration };
  });
}

export async function unmapIntegration(db: Db, tenantId: string, input: Input) {
  return db.$transaction(async (tx) => {
    const service = await lockService(tx, tenantId, input.serviceId);
    const mapping = await tx.serviceIntegration.findFirst({
      where: { serviceId: service.id, integrationId: input.integrationId, integration: { tenantId } },
      include: { integration: { select: { id: true, name: true } } },
    });
    if (!mapping) throw new DomainError("NOT_FOUND", "This integration is not mapped to this service");
    const rules = await tx.rule.findMany({
      where: {
        tenantId,
        serviceId: service.id,
        OR: [{ botIntegrationId: input.integrationId }, { ccspIntegrationId: input.integrationId }],
      },
      include: describableRuleInclude,
      orderBy: { position: "asc" },
    });
    if (rules.length > 0) {
      throw conflict(
        `Integration "${mapping.integration.name}" ${usedByRules(rules)}. Change or delete ${rules.length === 1 ? "that rule" : "those rules"} first.`,
      );
    }
    await tx.serviceIntegration.delete({
      where: { serviceId_integrationId: { serviceId: service.id, integrationId: mapping.integration.id } },
    });
    return { serviceId: service.id, integrationId: mapping.integration.id };
  });
}

/** For the integration list's "map to a service": where it is mapped, and where it could be. */
export async function servicesOfIntegration(db: Db, tenantId: string, integrationId: string) {
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
