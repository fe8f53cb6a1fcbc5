// Routing rules of a service: ordered (dense positions), enabled or not, validated on save.
import type { Db } from "@/server/db/client";
import { notFound } from "@/server/errors";
import type { Tx } from "@/server/db/tx";
import { lockService } from "../lock";
import { moveInOrder, positionUpdates, type Direction } from "./reorder";
import type { CreateRuleInput, UpdateRuleInput } from "./schemas";
import { checkRule } from "./validate";
import { ruleViewInclude, toRuleView } from "./views";

type Reader = Pick<Db, "rule" | "service">;

export async function listServiceRules(db: Reader, tenantId: string, serviceId: string) {
  const service = await db.service.findFirst({ where: { id: serviceId, tenantId }, select: { id: true } });
  if (!service) throw notFound("Service");
  const rows = await db.rule.findMany({
    where: { tenantId, serviceId },
    include: ruleViewInclude,
    orderBy: [{ position: "asc" }, { createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map(toRuleView);
}

async function findRule(db: Pick<Db, "rule">, tenantId: string, id: string) {
  const rule = await db.rule.findFirst({ where: { id, tenantId }, select: { id: true, serviceId: true } });
  if (!rule) throw notFound("Rule");
  return rule;
}

async function ruleView(tx: Tx, id: string) {
  return toRuleView(await tx.rule.findUniqueOrThrow({ where: { id }, include: ruleViewInclude }));
}

/** Rewrites the service's positions to 0..n-1 in `ids` order (inside the service's lock). */
async function writeOrder(tx: Tx, serviceId: string, ids?: (current: string[]) => string[]) {
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

/** A new rule goes last. */
export async function createRule(db: Db, tenantId: string, input: CreateRuleInput) {
  return db.$transaction(async (tx) => {
    const service = await lockService(tx, tenantId, input.serviceId);
    const data = await checkRule(tx, tenantId, service, input);
    const position = await tx.rule.count({ where: { serviceId: service.id } });
    const rule = await tx.rule.create({ data: { ...data, tenantId, serviceId: service.id, position, enabled: input.enabled } });
    return ruleView(tx, rule.id);
  });
}

export async function updateRule(db: Db, tenantId: string, input: UpdateRuleInput) {
  const { serviceId } = await findRule(db, tenantId, input.id);
  return db.$transaction(async (tx) => {
    const service = await lockService(tx, tenantId, serviceId);
    await findRule(tx, tenantId, input.id);
    const data = await checkRule(tx, tenantId, service, input);
    await tx.rule.update({ where: { id: input.id }, data });
    return ruleView(tx, input.id);
  });
}

export async function setRuleEnabled(db: Db, tenantId: string, input: { id: string; enabled: boolean }) {
  const rule = await findRule(db, tenantId, input.id);
  await db.rule.update({ where: { id: rule.id }, data: { enabled: input.enabled } });
  return { id: rule.id, enabled: input.enabled };
}

export async function moveRule(db: Db, tenantId: string, input: { id: string; direction: Direction }) {
  const { serviceId } = await findRule(db, tenantId, input.id);
  await db.$transaction(async (tx) => {
    await lockService(tx, tenantId, serviceId);
    await findRule(tx, tenantId, input.id);
    await writeOrder(tx, serviceId, (current) => moveInOrder(current, input.id, input.direction));
  });
  return listServiceRules(db, tenantId, serviceId);
}

export async function deleteRule(db: Db, tenantId: string, id: string) {
  const { serviceId } = await findRule(db, tenantId, id);
  await db.$transaction(async (tx) => {
    await lockService(tx, tenantId, serviceId);
    await findRule(tx, tenantId, id);
    await tx.rule.delete({ where: { id } });
    await writeOrder(tx, serviceId);
  });
  return { deleted: true };
}
