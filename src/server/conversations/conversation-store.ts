/** Conversation rows that need SQL Prisma's API cannot say (upsert on a partial unique index, row locks). */
import type { Tx } from "@/server/db/tx";
import { newConversationId } from "./ids";

export interface OpenConversationKey {
  tenantId: string;
  kind: "BOT" | "CCSP";
  channelAssetId: string;
  channelUserId: string;
  serviceId: string;
  integrationId: string;
}

export interface ConversationHead {
  id: string;
  activeCcspConversationId: string | null;
  ccspIntegrationId: string | null;
}

/**
 * The open conversation for this identity, created when there is none. One statement on
 * the partial unique index, so simultaneous first messages all get the same conversation.
 */
export async function upsertOpenConversation(
  tx: Tx,
  key: OpenConversationKey,
  extra: { ruleId: string; ccspIntegrationId: string | null },
): Promise<ConversationHead> {
  const rows = await tx.$queryRaw<ConversationHead[]>`
    INSERT INTO "Conversation" ("id", "tenantId", "kind", "status", "channelAssetId", "channelUserId", "serviceId",
                                "integrationId", "ruleId", "ccspIntegrationId", "createdAt", "lastActivityAt")
    VALUES (${newConversationId()}, ${key.tenantId}, ${key.kind}::"ConversationKind", 'OPEN', ${key.channelAssetId},
            ${key.channelUserId}, ${key.serviceId}, ${key.integrationId}, ${extra.ruleId}, ${extra.ccspIntegrationId}, now(), now())
    ON CONFLICT ("channelAssetId", "channelUserId", "serviceId", "integrationId", "kind") WHERE "status" = 'OPEN'
    DO UPDATE SET "lastActivityAt" = now()
    RETURNING "id", "activeCcspConversationId", "ccspIntegrationId"`;
  const row = rows[0];
  if (!row) throw new Error("Conversation upsert returned no row");
  return row;
}

export interface LockedConversation {
  id: string;
  tenantId: string;
  kind: "BOT" | "CCSP";
  status: "OPEN" | "CLOSED";
  channelAssetId: string;
  channelUserId: string;
  /** Null once its service is deleted. */
  serviceId: string | null;
  integrationId: string;
  ccspIntegrationId: string | null;
  parentId: string | null;
  activeCcspConversationId: string | null;
}

/** Locks one conversation for the rest of the transaction: handover, close and replies serialize on it. */
export async function lockConversation(tx: Tx, id: string): Promise<LockedConversation | null> {
  const rows = await tx.$queryRaw<LockedConversation[]>`
    SELECT "id", "tenantId", "kind"::text AS "kind", "status"::text AS "status", "channelAssetId", "channelUserId",
           "serviceId", "integrationId", "ccspIntegrationId", "parentId", "activeCcspConversationId"
    FROM "Conversation" WHERE "id" = ${id} FOR UPDATE`;
  return rows[0] ?? null;
}
