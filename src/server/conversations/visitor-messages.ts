import type { Db } from "@/server/db/client";

/** At most this many messages per read; a full page means the reader should ask again at once. */
export const VISITOR_PAGE_SIZE = 200;

/** Where a visitor's reading stands: the last message they have, in (createdAt, id) order. */
export interface VisitorCursor {
  id: string;
  createdAt: Date;
}

/** What the hosted chat lists: what was said, and the handover and close events. */
const VISITOR_KINDS = ["MESSAGE", "POSTBACK", "UNROUTED", "HANDOVER", "CLOSE"];

/**
 * What a web chat visitor sees: their messages, the replies, and handover/close events, oldest
 * first. `afterMessageId` is a cursor on (createdAt, id), the same order the rows come back in, so
 * rows written in one transaction (same createdAt) are never skipped.
 */
export async function listVisitorMessages(db: Db, assetId: string, visitorId: string, afterMessageId: string | null) {
  const after = afterMessageId ? await findVisitorCursor(db, assetId, visitorId, afterMessageId) : null;
  return listVisitorMessagesAfter(db, assetId, visitorId, after);
}

/** The cursor of one of this visitor's messages; null when it is not theirs (or not there). */
export function findVisitorCursor(db: Db, assetId: string, visitorId: string, messageId: string): Promise<VisitorCursor | null> {
  return db.message.findFirst({ where: { id: messageId, channelAssetId: assetId, channelUserId: visitorId }, select: { id: true, createdAt: true } });
}

/** One page of the visitor's messages after a cursor (from the start without one): one query. */
export function listVisitorMessagesAfter(db: Db, assetId: string, visitorId: string, after: VisitorCursor | null) {
  return db.message.findMany({
    where: {
      channelAssetId: assetId,
      channelUserId: visitorId,
      kind: { in: VISITOR_KINDS },
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
}

export type VisitorMessageRow = Awaited<ReturnType<typeof listVisitorMessagesAfter>>[number];

/** The hosted chat page's header: only a WEB_CHAT asset has one (null otherwise). */
export async function findHostedChat(db: Db, assetId: string): Promise<{ assetId: string; title: string } | null> {
  const asset = await db.channelAsset.findUnique({
    where: { id: assetId },
    select: { id: true, type: true, tenant: { select: { name: true } } },
  });
  if (!asset || asset.type !== "WEB_CHAT") return null;
  return { assetId: asset.id, title: asset.tenant.name };
}
