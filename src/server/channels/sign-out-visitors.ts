/**
 * Signs every visitor of a web chat out (a leaked token, a chat taken over by abuse): the asset's
 * visitor-token epoch moves on, so every token issued before is refused from now on (in every
 * process: the change moves the tenant's routing version, docs/web-chat.md), and their open
 * streams end. Their chats start over as new visitors; conversations stay in the inspector.
 */
import type { Db } from "@/server/db/client";
import { badRequest, notFound } from "@/server/errors";
import { announce } from "@/server/live/publish";
import type { Actor } from "@/server/tenancy/actor";

export async function signOutVisitors(db: Db, actor: Actor, id: string): Promise<{ signedOutAt: Date }> {
  const { tenantId } = actor;
  return db.$transaction(async (tx) => {
    const asset = await tx.channelAsset.findFirst({ where: { id, tenantId }, select: { id: true, type: true } });
    if (!asset) throw notFound("Channel");
    if (asset.type !== "WEB_CHAT") throw badRequest("Only web chat channels have visitors to sign out");
    const signedOutAt = new Date();
    await tx.channelAsset.update({ where: { id: asset.id }, data: { visitorTokenEpoch: { increment: 1 }, visitorsSignedOutAt: signedOutAt } });
    await announce(tx, { type: "visitors-signed-out", tenantId, channelAssetId: asset.id });
    return { signedOutAt };
  });
}
