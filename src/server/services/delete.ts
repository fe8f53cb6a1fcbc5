// Deleting a service: refused while it has rules (the reason names them), since live traffic is
// routed by them; otherwise the confirmation names the channels and integrations it lets go of.
import type { Db } from "@/server/db/client";
import { conflict } from "@/server/errors";
import type { Deletion } from "@/server/channels/delete";
import type { Actor } from "@/server/tenancy/actor";
import { lockService } from "./lock";
import { describableRuleInclude, listRules } from "./rules/describe";

type Reader = Pick<Db, "rule" | "channelAsset" | "serviceIntegration">;

/** `Channel "A" is` / `Channels "A", "B" are`. */
const they = (names: string[], noun: string) =>
  `${noun}${names.length === 1 ? "" : "s"} ${names.map((name) => `"${name}"`).join(", ")} ${names.length === 1 ? "is" : "are"}`;

export async function describeServiceDeletion(db: Reader, tenantId: string, service: { id: string; name: string }): Promise<Deletion> {
  const rules = await db.rule.findMany({
    where: { tenantId, serviceId: service.id },
    include: describableRuleInclude,
    orderBy: { position: "asc" },
  });
  if (rules.length > 0) {
    const count = rules.length === 1 ? "a rule" : `${rules.length} rules`;
    return {
      allowed: false,
      message: `Service "${service.name}" has ${count} routing messages: ${listRules(rules)}. Delete ${rules.length === 1 ? "that rule" : "those rules"} first.`,
    };
  }
  // One query at a time: this also runs inside a transaction (one connection).
  const assets = await db.channelAsset.findMany({ where: { tenantId, serviceId: service.id }, select: { name: true }, orderBy: { name: "asc" } });
  const mappings = await db.serviceIntegration.findMany({
    where: { serviceId: service.id },
    include: { integration: { select: { name: true } } },
    orderBy: { createdAt: "asc" },
  });
  const parts = [`Delete service "${service.name}"?`];
  if (assets.length > 0) parts.push(`${they(assets.map((a) => a.name), "Channel")} detached from it (and kept).`);
  if (mappings.length > 0) parts.push(`${they(mappings.map((m) => m.integration.name), "Integration")} unmapped from it (and kept).`);
  if (parts.length === 1) parts.push("Nothing else depends on it.");
  return { allowed: true, message: parts.join(" ") };
}

export async function deleteService(db: Db, actor: Actor, id: string) {
  const { tenantId } = actor;
  await db.$transaction(async (tx) => {
    const service = await lockService(tx, tenantId, id);
    const deletion = await describeServiceDeletion(tx, tenantId, service);
    if (!deletion.allowed) throw conflict(deletion.message);
    await tx.service.delete({ where: { id: service.id } });
    // Its conversations stay, without a service (ON DELETE SET NULL): time for a service that
    // has had many. Only a service without rules is deleted, so none of them takes new messages.
  }, { timeout: 120_000 });
  return { deleted: true };
}
