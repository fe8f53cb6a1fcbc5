// Mapping an integration to a service ("map the added BOT integration to a service and click Save"),
// from the service page or from the integration list.
import type { Db } from "@/server/db/client";
import { notFound } from "@/server/errors";
import type { Actor } from "@/server/tenancy/actor";
import { lockService } from "./lock";

export async function mapIntegration(db: Db, actor: Actor, input: { serviceId: string; integrationId: string }) {
  const { tenantId } = actor;
  return db.$transaction(async (tx) => {
    const service = await lockService(tx, tenantId, input.serviceId);
    const integration = await tx.integration.findFirst({
      where: { id: input.integrationId, tenantId, deletedAt: null },
      select: { id: true, name: true, kind: true },
    });
    if (!integration) throw notFound("Integration");
    await tx.serviceIntegration.createMany({
      data: [{ serviceId: service.id, integrationId: integration.id }],
      skipDuplicates: true,
    });
    return { service, integration };
  });
}
