/** Renaming a service; the name stays unique within the organization. */
import type { Db } from "@/server/db/client";
import { notFound } from "@/server/errors";
import { isUniqueViolation } from "@/server/db/errors";
import type { Actor } from "@/server/tenancy/actor";
import { serviceNameTaken } from "./store";

export async function renameService(db: Db, actor: Actor, input: { id: string; name: string }) {
  const service = await db.service.findFirst({ where: { id: input.id, tenantId: actor.tenantId }, select: { id: true } });
  if (!service) throw notFound("Service");
  try {
    return await db.service.update({ where: { id: service.id }, data: { name: input.name }, select: { id: true, name: true } });
  } catch (error) {
    if (isUniqueViolation(error)) throw serviceNameTaken();
    throw error;
  }
}
