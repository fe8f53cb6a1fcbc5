// Moving a routing rule one step up or down: it swaps places with its neighbour.
import type { Db } from "@/server/db/client";
import type { Actor } from "@/server/tenancy/actor";
import { lockService } from "../lock";
import { listServiceRules } from "./queries";
import { moveInOrder, type Direction } from "./reorder";
import { findRule, writeOrder } from "./store";

/** Returns the service's rules in their new order. */
export async function moveRule(db: Db, actor: Actor, input: { id: string; direction: Direction }) {
  const { tenantId } = actor;
  const { serviceId } = await findRule(db, tenantId, input.id);
  await db.$transaction(async (tx) => {
    await lockService(tx, tenantId, serviceId);
    await findRule(tx, tenantId, input.id);
    await writeOrder(tx, serviceId, (current) => moveInOrder(current, input.id, input.direction));
  });
  return listServiceRules(db, actor, serviceId);
}
