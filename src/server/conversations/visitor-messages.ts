import type { Db } from "@/server/db/client";

const PAGE_SIZE = 200;

/** What a web chat visitor sees: their messages, the replies, and handover/close events. */
export async function listVisitorMessages(db: Db, assetId: string, visitorId: string, afterMessageId: string | null) {
  const after = afterMessageId
    ? await db.message.findFirst({ where: { id: afterMessageId, channelAssetId: assetId, channelUserId: visitorId }, select: { createdAt: true } })
    : null;
  const rows = await db.message.findMany({
    where: {
      channelAssetId: assetId,
      channelUserId: visitorId,
      kind: { in: ["MESSAGE", "POSTBACK", "UNROUTED", "HANDOVER", "CLOSE"] },
      ...(after ? { createdAt: { gt: after.createdAt } } : {}),
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: PAGE_SIZE,
    select: { id: true, conversationId: true, sender: true, kind: true, text: true, messageType: true, postbackPayload: true, customParams: true, createdAt: true },
  });
  return rows;
}
