// Unmapping an integration from a service: refused while a rule of the service uses it.
import type { Db } from "@/server/db/client";
import { conflict, DomainError } from "@/server/errors";
import type { Actor } from "@/server/tenancy/actor";
import { lockService } from "./lock";
import { describableRuleInclude, usedByRules } from "./rules/describe";

export async function unmapIntegration(db: Db, actor: Actor, input: { serviceId: string; integrationId: string }) {
  const { tenantId } = actor;
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
