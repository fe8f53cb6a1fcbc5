/** What depends on an integration: the confirmation of "Delete" names it, and rules block deleting. */
import type { DbOrTx } from "@/server/db/tx";

export type IntegrationUsage = {
  services: Array<{ id: string; name: string }>;
  rules: Array<{ id: string; serviceId: string; serviceName: string; as: "BOT" | "CCSP" }>;
  /** Conversations with this integration: "Delete" keeps them, "Delete with history" removes them. */
  conversations: number;
};

export async function integrationUsage(db: DbOrTx, tenantId: string, integrationId: string): Promise<IntegrationUsage> {
  // One after the other: inside a transaction (a delete) they share one connection, which runs
  // one statement at a time anyway (node-postgres deprecates overlapping queries on a client).
  const mappings = await db.serviceIntegration.findMany({
    where: { integrationId, service: { tenantId } },
    select: { service: { select: { id: true, name: true } } },
    orderBy: { service: { name: "asc" } },
  });
  const rules = await db.rule.findMany({
    where: { tenantId, OR: [{ botIntegrationId: integrationId }, { ccspIntegrationId: integrationId }] },
    select: { id: true, serviceId: true, botIntegrationId: true, service: { select: { name: true } } },
    orderBy: [{ service: { name: "asc" } }, { position: "asc" }],
  });
  const conversations = await db.conversation.count({ where: { tenantId, integrationId } });
  return {
    services: mappings.map((m) => m.service),
    rules: rules.map((r) => ({
      id: r.id,
      serviceId: r.serviceId,
      serviceName: r.service.name,
      as: r.botIntegrationId === integrationId ? "BOT" : "CCSP",
    })),
    conversations,
  };
}

/** `2 rules of service "Support", 1 rule of service "Sales"` */
export function describeRules(rules: IntegrationUsage["rules"]): string {
  const perService = new Map<string, number>();
  for (const rule of rules) perService.set(rule.serviceName, (perService.get(rule.serviceName) ?? 0) + 1);
  return [...perService].map(([service, n]) => `${n} ${n === 1 ? "rule" : "rules"} of service "${service}"`).join(", ");
}
