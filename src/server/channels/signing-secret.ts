/** The signing secret of an HTTP channel's callbacks, for admins to configure their receiver. */
import type { Db } from "@/server/db/client";
import { decryptStored, encryptStored } from "@/server/security/app-key";
import { badRequest } from "@/server/errors";
import { generateSigningSecret } from "@/server/security/tokens";
import type { Actor } from "@/server/tenancy/actor";
import { findChannelAsset } from "./store";

export async function revealChannelSigningSecret(db: Db, actor: Actor, id: string): Promise<{ signingSecret: string }> {
  const asset = await findChannelAsset(db, actor.tenantId, id);
  if (asset.type !== "HTTP") throw badRequest("Only HTTP channels receive signed callbacks");
  const stored = await db.channelAsset.findUniqueOrThrow({ where: { id: asset.id }, select: { signingSecretEncrypted: true } });
  if (stored.signingSecretEncrypted) return { signingSecret: decryptStored(stored.signingSecretEncrypted) };
  const signingSecret = generateSigningSecret();
  await db.channelAsset.update({ where: { id: asset.id }, data: { signingSecretEncrypted: encryptStored(signingSecret) } });
  return { signingSecret };
}
