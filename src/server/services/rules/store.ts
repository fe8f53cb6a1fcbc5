// Loading a rule within the caller's tenant, its view, and writing a service's rule order.
// Positions are dense (0, 1, 2, …) so "rule 2" stays meaningful (reorder.ts).
import type { Db } from "@/server/db/client";
import { notFound } from "@/server/errors";
import type { Tx } from "@/server/db/tx";
import { positionUpdates } from "./reorder";
import { ruleViewInclude, toRuleView } from "./views";

/** The rule's id and service, only if it belongs to the tenant: anything else reads as "not found". */
export async function findRule(db: Pick<Db, "rule">, tenantId: string, id: string) {
  const rule = await db.rule.findFirst({ where: { id, tenantId }, select: { id: true, serviceId: true } });
  if (!rule) throw notFound("Rule");
  return rule;
}

export async function ruleView(tx: Tx, id: string) {
  return toRuleView(await tx.rule.findUniqueOrThrow({ where: { id }, include: ruleViewInclude }));
}

/** Rewrites the service's positions to 0..n-1 in `ids` order (inside the service's lock). */
export async function writeOrder(tx: Tx, serviceId: string, ids?: (current: string[]) => string[]) {
  const rows = await tx.rule.findMany({
    where: { serviceId },
    select: { id: true, position: true },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }, { id: "asc" }],
  });
  const current = rows.map((row) => row.id);
  const order = ids ? ids(current) : current;
  for (const { id, position } of positionUpdates(order, new Map(rows.map((row) => [row.id, row.position])))) {
    await tx.rule.update({ where: { id }, data: { position } });
  }
}
