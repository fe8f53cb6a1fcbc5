// Turning a routing rule on or off; a disabled rule keeps its place in the order.
import type { Db } from "@/server/db/client";
import type { Actor } from "@/server/tenancy/actor";
import { findRule } from "./store";

export async function setRuleEnabled(db: Db, actor: Actor, input: { id: string; enabled: boolean }) {
  const rule = await findRule(db, actor.tenantId, input.id);
  await db.rule.update({ where: { id: rule.id }, data: { enabled: input.enabled } });
  return { id: rule.id, enabled: input.enabled };
}
