/**
 * The agent desk's reading side: the queue (waiting = nobody accepted it yet, mine = accepted
 * by the caller, others = accepted by someone else) and one conversation with its transcript:
 * the bot's part (the parent BOT conversation) followed by the desk's part.
 */
import type { Prisma } from "@/generated/prisma/client";
import type { MessageKind } from "@/generated/prisma/enums";
import { SAID_KINDS } from "@/server/conversations/message-kinds";
import type { Db } from "@/server/db/client";
import { shownName } from "@/server/integrations/deleted";
import { deskConversationWhere, loadDeskConversation, mayClose, userNames } from "./store";
import type { Actor } from "@/server/tenancy/actor";

/** How many conversations each list of the queue shows at most. */
export const QUEUE_LIMIT = 100;
/** How many messages of each part of a transcript are shown at most (the latest ones). */
export const TRANSCRIPT_LIMIT = 300;

/** What a transcript shows: what was said, and the handover and close events. */
const TRANSCRIPT_KINDS: MessageKind[] = ["MESSAGE", "POSTBACK", "HANDOVER", "CLOSE"];

export interface DeskQueueItem {
  id: string;
  channelUserId: string;
  channel: { id: string; name: string; type: string };
  serviceName: string | null;
  deskName: string;
  handoverReason: string | null;
  createdAt: Date;
  acceptedAt: Date | null;
  lastActivityAt: Date;
  assignee: { id: string; name: string } | null;
  lastMessage: { sender: "CUSTOMER" | "BOT" | "AGENT"; text: string | null; at: Date } | null;
  /** The customer spoke last: an answer is due. */
  awaitingReply: boolean;
}

export interface DeskQueue {
  /** The tenant's built-in desk integrations: none means nothing can ever arrive. */
  desks: Array<{ id: string; name: string }>;
  waiting: DeskQueueItem[];
  mine: DeskQueueItem[];
  others: DeskQueueItem[];
}

const queueSelect = {
  id: true,
  channelUserId: true,
  serviceId: true,
  handoverReason: true,
  createdAt: true,
  acceptedAt: true,
  lastActivityAt: true,
  assignedAgentId: true,
  channelAsset: { select: { id: true, name: true, type: true } },
  integration: { select: { name: true, deletedAt: true } },
  messages: {
    where: { kind: { in: SAID_KINDS } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 1,
    select: { sender: true, text: true, postbackPayload: true, createdAt: true },
  },
} satisfies Prisma.ConversationSelect;

type QueueRow = Prisma.ConversationGetPayload<{ select: typeof queueSelect }>;

export async function listDeskQueue(db: Db, actor: Actor): Promise<DeskQueue> {
  const open = { ...deskConversationWhere(actor.tenantId), status: "OPEN" as const };
  const [desks, waiting, mine, others] = await Promise.all([
    db.integration.findMany({
      where: { tenantId: actor.tenantId, platform: "BUILT_IN", deletedAt: null },
      select: { id: true, name: true },
      orderBy: { name: "asc" },
    }),
    // The longest-waiting customer first.
    db.conversation.findMany({
      where: { ...open, assignedAgentId: null },
      select: queueSelect,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: QUEUE_LIMIT,
    }),
    db.conversation.findMany({
      where: { ...open, assignedAgentId: actor.userId },
      select: queueSelect,
      orderBy: [{ lastActivityAt: "desc" }, { id: "asc" }],
      take: QUEUE_LIMIT,
    }),
    db.conversation.findMany({
      where: { ...open, AND: [{ assignedAgentId: { not: null } }, { assignedAgentId: { not: actor.userId } }] },
      select: queueSelect,
      orderBy: [{ lastActivityAt: "desc" }, { id: "asc" }],
      take: QUEUE_LIMIT,
    }),
  ]);
  const rows = [...waiting, ...mine, ...others];
  const [names, services] = await Promise.all([
    userNames(db, rows.map((r) => r.assignedAgentId)),
    serviceNames(db, actor.tenantId, rows.map((r) => r.serviceId)),
  ]);
  const toItem = (row: QueueRow): DeskQueueItem => {
    const last = row.messages[0];
    return {
      id: row.id,
      channelUserId: row.channelUserId,
      channel: row.channelAsset,
      serviceName: row.serviceId ? (services.get(row.serviceId) ?? null) : null,
      deskName: shownName(row.integration),
      handoverReason: row.handoverReason,
      createdAt: row.createdAt,
      acceptedAt: row.acceptedAt,
      lastActivityAt: row.lastActivityAt,
      assignee: row.assignedAgentId ? { id: row.assignedAgentId, name: names.get(row.assignedAgentId) ?? "Former member" } : null,
      lastMessage: last ? { sender: last.sender, text: last.text ?? last.postbackPayload, at: last.createdAt } : null,
      // Nothing said in the desk yet counts as waiting for the first answer.
      awaitingReply: !last || last.sender === "CUSTOMER",
    };
  };
  return { desks, waiting: waiting.map(toItem), mine: mine.map(toItem), others: others.map(toItem) };
}

export interface TranscriptEntry {
  id: string;
  /** BOT: said in the bot's conversation before the handover; DESK: in this one. */
  part: "BOT" | "DESK";
  sender: "CUSTOMER" | "BOT" | "AGENT";
  kind: MessageKind;
  text: string | null;
  messageType: string;
  postbackPayload: string | null;
  /** The agent who wrote it, for desk replies. */
  agentName: string | null;
  at: Date;
}

export interface DeskConversation {
  id: string;
  status: "OPEN" | "CLOSED";
  channelUserId: string;
  channel: { id: string; name: string; type: string };
  serviceName: string | null;
  deskName: string;
  handoverReason: string | null;
  botConversationId: string | null;
  createdAt: Date;
  acceptedAt: Date | null;
  closedAt: Date | null;
  assignee: { id: string; name: string } | null;
  /** What the caller may do now (the server checks again on each action). */
  can: { accept: boolean; reply: boolean; close: boolean };
  transcript: TranscriptEntry[];
  /** Older messages were left out. */
  truncated: boolean;
}

export async function getDeskConversation(db: Db, actor: Actor, conversationId: string): Promise<DeskConversation> {
  await loadDeskConversation(db, actor.tenantId, conversationId);
  const row = await db.conversation.findUniqueOrThrow({
    where: { id: conversationId },
    select: {
      id: true,
      status: true,
      channelUserId: true,
      serviceId: true,
      handoverReason: true,
      parentId: true,
      createdAt: true,
      acceptedAt: true,
      closedAt: true,
      assignedAgentId: true,
      channelAsset: { select: { id: true, name: true, type: true } },
      integration: { select: { name: true, deletedAt: true } },
    },
  });
  const messageSelect = {
    id: true,
    sender: true,
    kind: true,
    text: true,
    messageType: true,
    postbackPayload: true,
    createdAt: true,
    agent: { select: { name: true } },
  } as const;
  const latest = (id: string, before?: Date) =>
    db.message.findMany({
      where: { conversationId: id, tenantId: actor.tenantId, kind: { in: TRANSCRIPT_KINDS }, ...(before ? { createdAt: { lte: before } } : {}) },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: TRANSCRIPT_LIMIT + 1,
      select: messageSelect,
    });
  const [botPart, deskPart, names, services] = await Promise.all([
    // The bot's part ends with this handover: later ones belong to later desk conversations.
    row.parentId ? latest(row.parentId, row.createdAt) : Promise.resolve([]),
    latest(row.id),
    userNames(db, [row.assignedAgentId]),
    serviceNames(db, actor.tenantId, [row.serviceId]),
  ]);
  const truncated = botPart.length > TRANSCRIPT_LIMIT || deskPart.length > TRANSCRIPT_LIMIT;
  const entries = (part: "BOT" | "DESK", rows: typeof deskPart): TranscriptEntry[] =>
    rows
      .slice(0, TRANSCRIPT_LIMIT)
      .reverse()
      .map((m) => ({
        id: m.id,
        part,
        sender: m.sender,
        kind: m.kind,
        text: m.text,
        messageType: m.messageType,
        postbackPayload: m.postbackPayload,
        agentName: m.agent?.name ?? null,
        at: m.createdAt,
      }));

  const open = row.status === "OPEN";
  const mine = row.assignedAgentId === actor.userId;
  return {
    id: row.id,
    status: row.status,
    channelUserId: row.channelUserId,
    channel: row.channelAsset,
    serviceName: row.serviceId ? (services.get(row.serviceId) ?? null) : null,
    deskName: shownName(row.integration),
    handoverReason: row.handoverReason,
    botConversationId: row.parentId,
    createdAt: row.createdAt,
    acceptedAt: row.acceptedAt,
    closedAt: row.closedAt,
    assignee: row.assignedAgentId ? { id: row.assignedAgentId, name: names.get(row.assignedAgentId) ?? "Former member" } : null,
    can: {
      accept: open && !row.assignedAgentId,
      reply: open && mine,
      close: open && mayClose(actor, row.assignedAgentId),
    },
    transcript: [...entries("BOT", botPart), ...entries("DESK", deskPart)],
    truncated,
  };
}

/** The names of the services still there (a deleted one leaves its conversations with none). */
async function serviceNames(db: Db, tenantId: string, ids: Array<string | null>): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => id !== null))];
  if (unique.length === 0) return new Map();
  const rows = await db.service.findMany({ where: { tenantId, id: { in: unique } }, select: { id: true, name: true } });
  return new Map(rows.map((s) => [s.id, s.name]));
}
