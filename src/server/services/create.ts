/** Adding a service (a name; channels, integrations and rules come after). */
import type { Db } from "@/server/db/client";
import { isUniqueViolation } from "@/server/db/errors";
import type { Actor } from "@/server/tenancy/actor";
import { serviceNameTaken } from "./store";

export async function createService(db: Db, actor: Actor, input: { name: string }) {
  try {
    return await db.service.create({ data: { tenantId: actor.tenantId, name: input.name }, select: { id: true, name: true } });
  } catch (error) {
    if (isUniqueViolation(error)) throw serviceNameTaken();
    throw error;
  }
}
