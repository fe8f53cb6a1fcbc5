import type { Db } from "@/server/db/client";

/** At most this many messages per read; a full page means the reader should ask again at once. */
export const VISITOR_PAGE_SIZE = 200;

/**
 * What a web chat visitor sees: their messages, the replies, and handover/close events, oldest
 * first. `afterMessageId` is a cursor on (createdAt, id), the same order the rows come back in, so
 * rows written in one transaction (same createdAt) are never skipped.
 */
export async function listVisitorMessages(db: Db, assetId: string, visitorId: string, afterMessageId: string | null) {
  const after = afterMessageId
    ? await db.message.findFirst({ where: { id: afterMessageId, channelAssetId: assetId, channelUserId: visitorId }, select: { id: true, createdAt: true } })
    : null;
  const rows = await db.message.findMany({
    where: {
      channelAssetId: assetId,
      channelUserId: visitorId,
      kind: { in: ["MESSAGE", "POSTBACK", "UNROUTED", "HANDOVER", "CLOSE"] },
      ...(after ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: VISITOR_PAGE_SIZE,
    select: {
      id: true,
      conversationId: true,
      sender: true,
      kind: true,
      text: true,
      messageType: true,
      postbackPayload: true,
      customParams: true,
      // The visitor's own client message ID: the page recognises a message whose answer it never got.
      channelMessageId: true,
      createdAt: true,
    },
  });
  return rows;
}

/** The hosted chat page's header: only a WEB_CHAT asset has one (null otherwise). */
export async function findHostedChat(db: Db, assetId: string): Promise<{ assetId: string; title: string } | null> {
  const asset = await db.channelAsset.findUnique({
    where: { id: assetId },
    select: { id: true, type: true, tenant: { select: { name: true } } },
  });
  if (!asset || asset.type !== "WEB_CHAT") return null;
  return { assetId: asset.id, title: asset.tenant.name };
}
