// Deleting a routing rule; the rules after it move up, so positions stay dense. The conversations
// it opened stay, without their rule.
import { detachConversationsFromRule } from "@/server/conversations/detach-rule";
import type { Db } from "@/server/db/client";
import type { Actor } from "@/server/tenancy/actor";
import { lockService } from "../lock";
import { findRule, writeOrder } from "./store";

export async function deleteRule(db: Db, actor: Actor, id: string) {
  const { tenantId } = actor;
  const { serviceId } = await findRule(db, tenantId, id);
  await detachConversationsFromRule(db, tenantId, id);
  await db.$transaction(async (tx) => {
    await lockService(tx, tenantId, serviceId);
    await findRule(tx, tenantId, id);
    await tx.rule.delete({ where: { id } });
    await writeOrder(tx, serviceId);
  });
  return { deleted: true };
}
