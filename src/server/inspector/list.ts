/**
 * The inspector's lists, for support staff of every role: conversations with search and
 * filters, most recently active first (or oldest first), and unrouted customer messages (no
 * rule matched), newest first. Keyset pages on the sort key.
 */
import type { Prisma } from "@/generated/prisma/client";
import { SAID_KINDS } from "@/server/conversations/message-kinds";
import type { Db } from "@/server/db/client";
import type { Actor } from "@/server/tenancy/actor";
import { shownName } from "@/server/integrations/deleted";
import { afterCursor, orderOf, pageOf } from "./cursor";
import type { ConversationFilters, ListConversationsInput, ListUnroutedInput } from "./schemas";

export interface ConversationRow {
  id: string;
  kind: "BOT" | "CCSP";
  status: "OPEN" | "CLOSED";
  channelUserId: string;
  channel: { id: string; name: string; type: string };
  service: { id: string; name: string } | null;
  integration: { id: string; name: string; platform: string; deleted: boolean };
  handoverReason: string | null;
  parentId: string | null;
  activeCcspConversationId: string | null;
  createdAt: Date;
  lastActivityAt: Date;
  closedAt: Date | null;
  messageCount: number;
  failedDeliveries: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export async function listConversations(db: Db, { tenantId }: Actor, input: ListConversationsInput): Promise<Page<ConversationRow>> {
  const where = await conversationWhere(db, tenantId, input);
  if (!where) return { items: [], nextCursor: null };
  const direction = input.sort === "oldest" ? "asc" : "desc";
  const rows = await db.conversation.findMany({
    where: { AND: [where, afterCursor(input.cursor, "lastActivityAt", direction)] },
    orderBy: orderOf("lastActivityAt", direction),
    take: input.limit + 1,
    select: {
      id: true,
      kind: true,
      status: true,
      channelUserId: true,
      serviceId: true,
      handoverReason: true,
      parentId: true,
      activeCcspConversationId: true,
      createdAt: true,
      lastActivityAt: true,
      closedAt: true,
      channelAsset: { select: { id: true, name: true, type: true } },
      integration: { select: { id: true, name: true, platform: true, deletedAt: true } },
    },
  });
  const page = pageOf(rows, input.limit, (r) => r.lastActivityAt);
  const ids = page.rows.map((r) => r.id);
  // A deleted service leaves its conversations with none.
  const serviceIds = [...new Set(page.rows.flatMap((r) => (r.serviceId ? [r.serviceId] : [])))];
  // The page's counts, for its rows only (a relation _count would aggregate the whole table).
  const [services, said, failed] = ids.length
    ? await Promise.all([
        db.service.findMany({ where: { tenantId, id: { in: serviceIds } }, select: { id: true, name: true } }),
        db.message.groupBy({ by: ["conversationId"], where: { conversationId: { in: ids }, kind: { in: SAID_KINDS } }, _count: { _all: true } }),
        db.delivery.groupBy({ by: ["conversationId"], where: { conversationId: { in: ids }, state: "FAILED" }, _count: { _all: true } }),
      ])
    : [[], [], []];
  const serviceById = new Map(services.map((s) => [s.id, s]));
  const countOf = (groups: { conversationId: string | null; _count: { _all: number } }[]) =>
    new Map(groups.map((g) => [g.conversationId, g._count._all]));
  const messageCounts = countOf(said);
  const failedCounts = countOf(failed);
  return {
    items: page.rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      channelUserId: r.channelUserId,
      channel: r.channelAsset,
      service: r.serviceId ? (serviceById.get(r.serviceId) ?? null) : null,
      integration: { id: r.integration.id, name: shownName(r.integration), platform: r.integration.platform, deleted: r.integration.deletedAt !== null },
      handoverReason: r.handoverReason,
      parentId: r.parentId,
      activeCcspConversationId: r.activeCcspConversationId,
      createdAt: r.createdAt,
      lastActivityAt: r.lastActivityAt,
      closedAt: r.closedAt,
      messageCount: messageCounts.get(r.id) ?? 0,
      failedDeliveries: failedCounts.get(r.id) ?? 0,
    })),
    nextCursor: page.nextCursor,
  };
}

/** The filters as a Prisma condition; null when the ID search can match nothing. */
async function conversationWhere(db: Db, tenantId: string, filters: ConversationFilters): Promise<Prisma.ConversationWhereInput | null> {
  const and: Prisma.ConversationWhereInput[] = [{ tenantId }];
  if (filters.id) {
    const id = await conversationIdOf(db, tenantId, filters.id);
    if (id === null) return null;
    and.push(id);
  }
  if (filters.channelUserId) and.push({ channelUserId: { contains: filters.channelUserId, mode: "insensitive" } });
  if (filters.channelAssetId) and.push({ channelAssetId: filters.channelAssetId });
  if (filters.serviceId) and.push({ serviceId: filters.serviceId });
  if (filters.integrationId) and.push({ integrationId: filters.integrationId });
  if (filters.status) and.push({ status: filters.status });
  if (filters.kind) and.push({ kind: filters.kind });
  if (filters.deliveryState) and.push({ deliveries: { some: { tenantId, state: filters.deliveryState } } });
  // Active at some moment of the range: started before its end, last active after its start.
  if (filters.from) and.push({ lastActivityAt: { gte: filters.from } });
  if (filters.to) and.push({ createdAt: { lte: filters.to } });
  return { AND: and };
}

/** Support staff paste whatever ID they have: a conversation's, a message's or a delivery's (webhook-id). */
async function conversationIdOf(db: Db, tenantId: string, search: string): Promise<Prisma.ConversationWhereInput | null> {
  if (search.startsWith("msg_")) {
    const message = await db.message.findFirst({ where: { id: search, tenantId }, select: { conversationId: true } });
    return message?.conversationId ? { id: message.conversationId } : null;
  }
  if (search.startsWith("dlv_")) {
    const delivery = await db.delivery.findFirst({ where: { id: search, tenantId }, select: { conversationId: true } });
    return delivery?.conversationId ? { id: delivery.conversationId } : null;
  }
  return { id: { startsWith: search } };
}

export interface UnroutedRow {
  id: string;
  channelUserId: string;
  channel: { id: string; name: string; type: string };
  text: string | null;
  messageType: string;
  postbackPayload: string | null;
  channelMessageId: string | null;
  createdAt: Date;
}

export async function listUnrouted(db: Db, { tenantId }: Actor, input: ListUnroutedInput): Promise<Page<UnroutedRow>> {
  const and: Prisma.MessageWhereInput[] = [{ tenantId, conversationId: null, kind: "UNROUTED" }];
  if (input.channelUserId) and.push({ channelUserId: { contains: input.channelUserId, mode: "insensitive" } });
  if (input.channelAssetId) and.push({ channelAssetId: input.channelAssetId });
  if (input.from) and.push({ createdAt: { gte: input.from } });
  if (input.to) and.push({ createdAt: { lte: input.to } });
  const rows = await db.message.findMany({
    where: { AND: [...and, afterCursor(input.cursor, "createdAt")] },
    orderBy: orderOf("createdAt"),
    take: input.limit + 1,
    select: {
      id: true,
      channelUserId: true,
      text: true,
      messageType: true,
      postbackPayload: true,
      channelMessageId: true,
      createdAt: true,
      channelAsset: { select: { id: true, name: true, type: true } },
    },
  });
  const page = pageOf(rows, input.limit, (r) => r.createdAt);
  return {
    items: page.rows.map(({ channelAsset, ...r }) => ({ ...r, channel: channelAsset })),
    nextCursor: page.nextCursor,
  };
}
