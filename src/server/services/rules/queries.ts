// Reading a service's routing rules, in their order.
import type { Db } from "@/server/db/client";
import { notFound } from "@/server/errors";
import type { Actor } from "@/server/tenancy/actor";
import { ruleViewInclude, toRuleView } from "./views";

export async function listServiceRules(db: Pick<Db, "rule" | "service">, actor: Actor, serviceId: string) {
  const { tenantId } = actor;
  const service = await db.service.findFirst({ where: { id: serviceId, tenantId }, select: { id: true } });
  if (!service) throw notFound("Service");
  const rows = await db.rule.findMany({
    where: { tenantId, serviceId },
    include: ruleViewInclude,
    orderBy: [{ position: "asc" }, { createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map(toRuleView);
}
