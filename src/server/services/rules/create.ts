// Adding a routing rule to a service: validated on save, and it goes last.
import type { Db } from "@/server/db/client";
import type { Actor } from "@/server/tenancy/actor";
import { lockService } from "../lock";
import type { CreateRuleInput } from "./schemas";
import { ruleView } from "./store";
import { checkRuleAgainstService } from "./check-against-service";

export async function createRule(db: Db, actor: Actor, input: CreateRuleInput) {
  const { tenantId } = actor;
  return db.$transaction(async (tx) => {
    const service = await lockService(tx, tenantId, input.serviceId);
    const data = await checkRuleAgainstService(tx, tenantId, service, input);
    const position = await tx.rule.count({ where: { serviceId: service.id } });
    const rule = await tx.rule.create({ data: { ...data, tenantId, serviceId: service.id, position, enabled: input.enabled } });
    return ruleView(tx, rule.id);
  });
}
