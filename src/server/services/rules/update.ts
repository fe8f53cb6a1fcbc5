// "Edit" a routing rule: validated again against its service, under the service's lock.
import type { Db } from "@/server/db/client";
import type { Actor } from "@/server/tenancy/actor";
import { lockService } from "../lock";
import type { UpdateRuleInput } from "./schemas";
import { findRule, ruleView } from "./store";
import { checkRuleAgainstService } from "./check-against-service";

export async function updateRule(db: Db, actor: Actor, input: UpdateRuleInput) {
  const { tenantId } = actor;
  const { serviceId } = await findRule(db, tenantId, input.id);
  return db.$transaction(async (tx) => {
    const service = await lockService(tx, tenantId, serviceId);
    await findRule(tx, tenantId, input.id);
    const data = await checkRuleAgainstService(tx, tenantId, service, input);
    await tx.rule.update({ where: { id: input.id }, data });
    return ruleView(tx, input.id);
  });
}
