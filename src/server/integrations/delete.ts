/**
 * "Delete": refused while a rule uses the integration (the rule would route to nothing); otherwise
 * it is removed from the services it is mapped to and deleted with its history.
 */
import type { Db } from "@/server/db/client";
import { conflict } from "@/server/errors";
import { loadIntegration, type Actor } from "./store";
import { describeRules, integrationUsage } from "./usage";

export async function deleteIntegration(db: Db, actor: Actor, id: string): Promise<{ id: string; name: string }> {
  try {
    return await db.$transaction(async (tx) => {
      const row = await loadIntegration(tx, actor.tenantId, id);
      const usage = await integrationUsage(tx, actor.tenantId, id);
      if (usage.rules.length > 0) throw usedByRules(describeRules(usage.rules));
      await tx.serviceIntegration.deleteMany({ where: { integrationId: id } });
      await tx.integration.delete({ where: { id: row.id } });
      return { id: row.id, name: row.name };
    });
  } catch (error) {
    // A rule or mapping added meanwhile: the foreign keys (ON DELETE RESTRICT) refuse the delete.
    if (isForeignKeyViolation(error)) throw usedByRules("a rule");
    throw error;
  }
}

function usedByRules(what: string) {
  return conflict(`This integration is used by ${what}: remove it from the rules that use it, then delete it`);
}

function isForeignKeyViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "P2003" || code === "P2014";
}
