import type { MessageKind } from "@/generated/prisma/enums";
import { readWidgetSettings, shownWidget, type ShownWidget } from "@/server/channels/widget-settings";
import { pool, type Db } from "@/server/db/client";
import { customerHandoverText } from "./handover-text";
import { VISITOR_PAGE_SIZE } from "./visitor-page";

export { VISITOR_PAGE_SIZE };

/** Whose messages: one visitor on one web chat asset (of one tenant, which keeps the read on its index). */
export interface VisitorScope {
  tenantId: string;
  channelAssetId: string;
  visitorId: string;
}

/** Where a visitor's reading stands: the last message they have, in (createdAt, id) order. */
export interface VisitorCursor {
  id: string;
  createdAt: Date;
}

/** One row of GET /messages (and the data of one `message` event of the visitor's stream). */
export interface VisitorMessageRow {
  id: string;
  conversationId: string | null;
  sender: "CUSTOMER" | "BOT" | "AGENT";
  kind: VisitorMessageKind;
  text: string | null;
  messageType: string;
  postbackPayload: string | null;
  customParams: unknown;
  /** The visitor's own client message ID: the page recognises a message whose answer it never got. */
  channelMessageId: string | null;
  /** An agent's display name (the desk member's name, or a CCSP's `agentName` parameter); null otherwise. */
  senderName: string | null;
  createdAt: Date;
}

/** What the hosted chat lists: what was said, the handover and close events, and an agent joining. */
const VISITOR_KINDS = ["MESSAGE", "POSTBACK", "UNROUTED", "HANDOVER", "AGENT_JOINED", "CLOSE"] as const satisfies readonly MessageKind[];
export type VisitorMessageKind = (typeof VISITOR_KINDS)[number];

type StoredRow = Omit<VisitorMessageRow, "senderName"> & { agentName: string | null };

/**
 * A stored row as the visitor may see it. Events carry nothing internal: a handover shows the
 * rule's customer text (never the bot's reason or custom parameters), a close no parameters.
 */
export function toVisitorRow({ agentName, ...row }: StoredRow): VisitorMessageRow {
  const params = (row.customParams ?? {}) as Record<string, unknown>;
  const senderName = row.sender === "AGENT" ? (agentName ?? (typeof params.agentName === "string" && params.agentName.trim() ? params.agentName.trim().slice(0, 80) : null)) : null;
  if (row.kind === "HANDOVER") {
    return { ...row, text: customerHandoverText(typeof params.customerText === "string" ? params.customerText : null), customParams: null, senderName };
  }
  if (row.kind !== "MESSAGE") return { ...row, customParams: null, senderName };
  return { ...row, senderName };
}

/**
 * What a web chat visitor sees: their messages, the replies, and handover/close events, oldest
 * first. `afterMessageId` is a cursor on (createdAt, id), the same order the rows come back in, so
 * rows written in one transaction (same createdAt) are never skipped.
 */
export async function listVisitorMessages(db: Db, scope: VisitorScope, afterMessageId: string | null): Promise<VisitorMessageRow[]> {
  const after = afterMessageId ? await findVisitorCursor(db, scope, afterMessageId) : null;
  return listVisitorMessagesAfter(scope, after);
}

/** The cursor of one of this visitor's messages; null when it is not theirs (or not there). */
export function findVisitorCursor(db: Db, scope: VisitorScope, messageId: string): Promise<VisitorCursor | null> {
  return db.message.findFirst({
    where: { id: messageId, tenantId: scope.tenantId, channelAssetId: scope.channelAssetId, channelUserId: scope.visitorId },
    select: { id: true, createdAt: true },
  });
}

/**
 * Where a live stream knows its visitor's new rows are: the conversations it has seen (or was
 * told of) and the messages it was told of. Reading only there keeps a read on the
 * (conversationId, createdAt) index whatever the tenant's traffic; a message outside any
 * conversation (unrouted) is found by its ID.
 */
export interface VisitorFocus {
  conversationIds: string[];
  messageIds: string[];
}

// Timestamps are stored without a time zone, in UTC: compared and returned as such.
const COLUMNS = `"id", "conversationId", "sender"::text AS "sender", "kind", "text", "messageType", "postbackPayload", "customParams",
  "channelMessageId", "createdAt" AT TIME ZONE 'UTC' AS "createdAt",
  (SELECT u."name" FROM "User" u WHERE u."id" = "agentId") AS "agentName"`;
const VISITOR = `"tenantId" = $1 AND "channelAssetId" = $2 AND "channelUserId" = $3 AND "kind" = ANY($4::"MessageKind"[])`;
// The first half bounds an index range on createdAt; the second breaks ties by ID.
const AFTER = (at: string, id: string) =>
  `("createdAt" >= (${at}::timestamptz AT TIME ZONE 'UTC') AND ("createdAt" > (${at}::timestamptz AT TIME ZONE 'UTC') OR "id" > ${id}))`;

/**
 * One page of the visitor's messages after a cursor (from the start without one), everywhere or
 * only in a focus: named prepared statements, as a live stream runs one for every message of its
 * visitor. In a focus, each conversation is read on its own index (a lateral join, so no plan
 * can prefer the tenant's index and scan all its traffic), the told-of messages outside them by ID.
 */
export async function listVisitorMessagesAfter(scope: VisitorScope, after: VisitorCursor | null, focus: VisitorFocus | null = null): Promise<VisitorMessageRow[]> {
  const values: unknown[] = [scope.tenantId, scope.channelAssetId, scope.visitorId, VISITOR_KINDS, VISITOR_PAGE_SIZE];
  let after$ = "TRUE";
  if (after) {
    values.push(after.createdAt.toISOString(), after.id);
    after$ = AFTER(`$${values.length - 1}`, `$${values.length}`);
  }
  let text = `SELECT ${COLUMNS} FROM "Message" WHERE ${VISITOR} AND ${after$} ORDER BY "createdAt", "id" LIMIT $5`;
  if (focus) {
    values.push(focus.conversationIds, focus.messageIds);
    const [conversations, messages] = [`$${values.length - 1}::text[]`, `$${values.length}::text[]`];
    // The visitor's scope is checked outside the LIMITed subqueries (a LIMIT keeps it from being
    // pushed into them): inside, a tenant or asset too new for the planner's statistics makes their
    // index look best, and a read would scan all their traffic.
    text = `SELECT ${COLUMNS} FROM (
        SELECT m.* FROM unnest(${conversations}) AS f("id")
        CROSS JOIN LATERAL (SELECT * FROM "Message" WHERE "conversationId" = f."id" AND "kind" = ANY($4::"MessageKind"[]) AND ${after$}
                            ORDER BY "createdAt", "id" LIMIT $5) m
        UNION ALL
        (SELECT * FROM "Message" WHERE "id" = ANY(${messages}) AND ("conversationId" IS NULL OR NOT "conversationId" = ANY(${conversations}))
           AND "kind" = ANY($4::"MessageKind"[]) AND ${after$} LIMIT $5)
      ) m WHERE "tenantId" = $1 AND "channelAssetId" = $2 AND "channelUserId" = $3 ORDER BY "createdAt", "id" LIMIT $5`;
  }
  const { rows } = await pool().query<StoredRow>({
    name: `visitor-messages${focus ? "-in-focus" : ""}${after ? "-after" : ""}`,
    text,
    values,
  });
  return rows.map(toVisitorRow);
}

/** The hosted chat page's title and widget: only a WEB_CHAT asset has one (null otherwise). */
export async function findHostedChat(db: Db, assetId: string): Promise<{ assetId: string; title: string; widget: ShownWidget } | null> {
  const asset = await db.channelAsset.findUnique({
    where: { id: assetId },
    select: { id: true, type: true, settings: true, tenant: { select: { name: true } } },
  });
  if (!asset || asset.type !== "WEB_CHAT") return null;
  const widget = shownWidget(readWidgetSettings(asset.settings), asset.tenant.name);
  return { assetId: asset.id, title: widget.title, widget };
}
