/**
 * Search by message text across one tenant's conversations: Postgres full-text search
 * (`websearch_to_tsquery`: words, "quoted phrases", or, -excluded) over the text of customer,
 * bot and agent messages, with the conversation filters of the list, ranked by `ts_rank_cd`
 * then newest first, each hit with a highlighted snippet. The ranking reads at most
 * MAX_CANDIDATES matches (the index cannot give them newest first): beyond that the page
 * says so, and more words or filters narrow it. The index holds words only (see its migration):
 * the tenant is checked on the rows they find.
 */
import { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db/client";
import type { Actor } from "@/server/tenancy/actor";
import type { SearchMessagesInput } from "./schemas";

export const SEARCH_RESULTS = 25;
const MAX_CANDIDATES = 2_000;

/** Marks around the matched words in a snippet (control characters no highlight text contains). */
const HIT_START = "\u0002";
const HIT_END = "\u0003";

export interface SnippetPart {
  text: string;
  hit: boolean;
}

export interface MessageHit {
  messageId: string;
  conversationId: string;
  sender: "CUSTOMER" | "BOT" | "AGENT";
  channelUserId: string;
  createdAt: Date;
  snippet: SnippetPart[];
}

export interface MessageSearch {
  items: MessageHit[];
  /** More messages matched than were ranked. */
  capped: boolean;
}

export async function searchMessages(db: Db, { tenantId }: Actor, input: SearchMessagesInput): Promise<MessageSearch> {
  const filters: Prisma.Sql[] = [];
  if (input.channelAssetId) filters.push(Prisma.sql`AND c."channelAssetId" = ${input.channelAssetId}`);
  if (input.integrationId) filters.push(Prisma.sql`AND c."integrationId" = ${input.integrationId}`);
  if (input.status) filters.push(Prisma.sql`AND c."status" = ${input.status}::"ConversationStatus"`);
  if (input.kind) filters.push(Prisma.sql`AND c."kind" = ${input.kind}::"ConversationKind"`);
  if (input.from) filters.push(Prisma.sql`AND c."lastActivityAt" >= ${input.from}`);
  if (input.to) filters.push(Prisma.sql`AND c."createdAt" <= ${input.to}`);
  const options = `StartSel=${HIT_START}, StopSel=${HIT_END}, MaxWords=24, MinWords=8, MaxFragments=2, FragmentDelimiter=" … "`;
  const query = Prisma.sql`websearch_to_tsquery('simple', ${input.query})`;
  const rows = await db.$queryRaw<{ id: string; conversationId: string; sender: MessageHit["sender"]; channelUserId: string; createdAt: Date; snippet: string; total: bigint }[]>`
    WITH candidates AS (
      SELECT m."id", m."conversationId", m."sender"::text AS "sender", c."channelUserId", m."createdAt", m."text",
             ts_rank_cd(to_tsvector('simple', coalesce(m."text", '')), ${query}) AS rank
      FROM "Message" m
      JOIN "Conversation" c ON c."id" = m."conversationId" AND c."tenantId" = ${tenantId}
      WHERE m."tenantId" = ${tenantId} AND to_tsvector('simple', coalesce(m."text", '')) @@ ${query}
        AND m."kind" IN ('MESSAGE', 'POSTBACK') ${filters.length ? Prisma.join(filters, " ") : Prisma.empty}
      LIMIT ${MAX_CANDIDATES + 1}
    )
    SELECT k."id", k."conversationId", k."sender", k."channelUserId", k."createdAt",
           ts_headline('simple', k."text", ${query}, ${options}) AS "snippet", count(*) OVER () AS "total"
    FROM candidates k
    ORDER BY k.rank DESC, k."createdAt" DESC, k."id" DESC
    LIMIT ${SEARCH_RESULTS}`;
  return {
    items: rows.map((r) => ({
      messageId: r.id,
      conversationId: r.conversationId,
      sender: r.sender,
      channelUserId: r.channelUserId,
      createdAt: r.createdAt,
      snippet: snippetParts(r.snippet),
    })),
    capped: rows.length > 0 && Number(rows[0]!.total) > MAX_CANDIDATES,
  };
}

/** ts_headline's text with its marks, as parts a page renders as text (never as HTML). */
export function snippetParts(marked: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  for (const [i, piece] of marked.split(new RegExp(`[${HIT_START}${HIT_END}]`)).entries()) {
    if (piece) parts.push({ text: piece, hit: i % 2 === 1 });
  }
  return parts;
}
