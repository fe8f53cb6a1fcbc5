/** "Rotate secret": a new inbound webhook secret, returned once; the old one stops working at once. */
import type { Db } from "@/server/db/client";
import { badRequest } from "@/server/errors";
import { generateInboundSecret, hashSecret } from "@/server/security/tokens";
import { loadIntegration, recordEvent, type Actor } from "./store";

export async function rotateInboundSecret(db: Db, actor: Actor, id: string): Promise<{ inboundSecret: string }> {
  const inboundSecret = generateInboundSecret();
  await db.$transaction(async (tx) => {
    const row = await loadIntegration(tx, actor.tenantId, id);
    if (row.platform === "BUILT_IN") throw badRequest("The built-in agent desk has no inbound webhook secret");
    await tx.integration.update({ where: { id: row.id }, data: { inboundSecretHash: hashSecret(inboundSecret) } });
    await recordEvent(tx, row, "SECRET_ROTATED", actor.userId, "Inbound webhook secret replaced; the old one no longer works");
  });
  return { inboundSecret };
}
