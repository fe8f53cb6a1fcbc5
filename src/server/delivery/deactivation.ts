import type { Db } from "@/server/db/client";

/** Records an automatic deactivation in the integration's history, once per deactivation. */
export async function recordDeactivation(db: Db, integrationId: string, deactivatedAt: Date): Promise<"RECORDED" | "ALREADY_RECORDED" | "GONE"> {
  const integration = await db.integration.findUnique({ where: { id: integrationId }, select: { tenantId: true, deactivationReason: true } });
  if (!integration) return "GONE";
  const existing = await db.integrationEvent.findFirst({
    where: { integrationId, type: "DEACTIVATED", createdAt: { gte: deactivatedAt } },
    select: { id: true },
  });
  if (existing) return "ALREADY_RECORDED";
  const why = integration.deactivationReason ?? "failed deliveries";
  await db.integrationEvent.create({
    data: {
      tenantId: integration.tenantId,
      integrationId,
      type: "DEACTIVATED",
      detail: `Made inactive automatically: ${why}. New deliveries are held until it is verified again.`,
      createdAt: deactivatedAt,
    },
  });
  return "RECORDED";
}
