/** A new secret for an HTTP asset, shown once; the old one stops working at once. */
import type { Db } from "@/server/db/client";
import { badRequest } from "@/server/errors";
import { generateChannelSecret, hashSecret } from "@/server/security/tokens";
import type { Actor } from "@/server/tenancy/actor";
import { findChannelAsset } from "./store";

export async function rotateChannelSecret(db: Db, actor: Actor, id: string) {
  const asset = await findChannelAsset(db, actor.tenantId, id);
  if (asset.type !== "HTTP") throw badRequest("Only HTTP channels have a secret");
  const secret = generateChannelSecret();
  await db.channelAsset.update({ where: { id: asset.id }, data: { secretHash: hashSecret(secret) } });
  return { secret };
}
