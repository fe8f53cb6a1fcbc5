// Changes to a service's structure (channels, mapped integrations, rules and their order) take
// the service's row lock first, so a rule can never be saved against an integration or channel
// that a concurrent request is removing, and positions stay dense under concurrent moves.
import type { Tx } from "@/server/db/tx";
import { notFound } from "@/server/errors";

/** Locks the tenant's service for the rest of the transaction; NOT_FOUND for any other tenant's. */
export async function lockService(tx: Tx, tenantId: string, serviceId: string): Promise<{ id: string; name: string }> {
  const rows = await tx.$queryRaw<{ id: string; name: string }[]>`
    SELECT "id", "name" FROM "Service" WHERE "id" = ${serviceId} AND "tenantId" = ${tenantId} FOR UPDATE`;
  const service = rows[0];
  if (!service) throw notFound("Service");
  return service;
}
