/**
 * Exports of the inspector, for support staff of every role: one conversation as JSON (its
 * timeline, exactly what the inspector shows: secrets already redacted) or as a readable
 * transcript, and the filtered conversation list as CSV, produced page by page (keyset pages of
 * EXPORT_PAGE rows) so that no export holds the whole result in memory.
 */
import type { Db } from "@/server/db/client";
import type { Actor } from "@/server/tenancy/actor";
import { listConversations, type ConversationRow } from "./list";
import type { ListConversationsInput } from "./schemas";
import type { ConversationTimeline, TimelineItem } from "./timeline";

const EXPORT_PAGE = 100;

const utc = (date: Date) => `${date.toISOString().replace("T", " ").replace("Z", "")} UTC`;

export function timelineJson(timeline: ConversationTimeline): string {
  return `${JSON.stringify({ exportedAt: new Date(), ...timeline }, null, 2)}\n`;
}

/** Messages and conversation events, one line each, times in UTC. */
export function transcriptOf(timeline: ConversationTimeline): string {
  const c = timeline.conversation;
  const lines = [
    `Conversation ${c.id} (${c.kind}, ${c.status === "OPEN" ? "open" : "closed"})`,
    `Channel: ${c.channel.name} (${c.channel.channelLabel}) · customer ${c.channelUserId}`,
    `Integration: ${c.integration.name}${c.service ? ` · service ${c.service.name}` : ""}`,
    `Started ${utc(c.createdAt)}${c.closedAt ? ` · closed ${utc(c.closedAt)}` : ""}`,
    ...(timeline.truncated ? ["(Only the latest messages are included.)"] : []),
    "",
  ];
  for (const item of timeline.items) {
    const line = transcriptLine(item);
    if (line) lines.push(`[${utc(item.at)}] ${line}`);
  }
  return `${lines.join("\n")}\n`;
}

const SENDERS = { CUSTOMER: "Customer", BOT: "Bot", AGENT: "Agent" } as const;

function transcriptLine(item: TimelineItem): string | null {
  if (item.type === "DELIVERY") return null;
  if (item.type === "EVENT") return `— ${item.title}${item.detail ? `: ${item.detail}` : ""}`;
  const m = item.message;
  const who = m.agentName ? `${SENDERS[m.sender]} ${m.agentName}` : SENDERS[m.sender];
  if (m.kind === "POSTBACK") return `${who} tapped: ${m.text ?? m.postbackPayload ?? ""}`;
  if (m.kind === "RECEIPT") return null;
  const body = m.messageType === "text" ? (m.text ?? "") : `[${m.messageType}] ${m.text ?? ""}`;
  return `${who}: ${body}`;
}

const CSV_COLUMNS: Array<[string, (row: ConversationRow) => string | number | null]> = [
  ["id", (r) => r.id],
  ["type", (r) => r.kind],
  ["status", (r) => r.status],
  ["channel_user", (r) => r.channelUserId],
  ["channel", (r) => r.channel.name],
  ["service", (r) => r.service?.name ?? null],
  ["integration", (r) => r.integration.name],
  ["messages", (r) => r.messageCount],
  ["failed_deliveries", (r) => r.failedDeliveries],
  ["started_utc", (r) => r.createdAt.toISOString()],
  ["last_activity_utc", (r) => r.lastActivityAt.toISOString()],
  ["closed_utc", (r) => r.closedAt?.toISOString() ?? null],
];

/**
 * One CSV field: quoted when it must be, and a leading =, +, - or @ defused so that a
 * spreadsheet never runs a customer's text as a formula.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The filtered list as CSV lines, header first, read one page at a time. */
export async function* conversationsCsv(db: Db, actor: Actor, filters: ListConversationsInput): AsyncGenerator<string> {
  yield `${CSV_COLUMNS.map(([name]) => name).join(",")}\r\n`;
  let cursor: string | null = null;
  do {
    const page = await listConversations(db, actor, { ...filters, limit: EXPORT_PAGE, cursor });
    yield page.items.map((row) => `${CSV_COLUMNS.map(([, value]) => csvField(value(row))).join(",")}\r\n`).join("");
    cursor = page.nextCursor;
  } while (cursor);
}
