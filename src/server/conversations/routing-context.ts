import type { ChannelType, IntegrationKind, IntegrationPlatform, IntegrationStatus } from "@/generated/prisma/enums";
import type { Pool } from "pg";
import { rulesFromRows, type RuleRow } from "@/server/routing/from-rows";
import type { RoutingRule } from "@/server/routing/types";

export interface ReceiverIntegration {
  id: string;
  kind: IntegrationKind;
  platform: IntegrationPlatform;
  status: IntegrationStatus;
}

export interface RoutingContext {
  asset: {
    id: string;
    tenantId: string;
    type: ChannelType;
    channelLabel: string;
    serviceId: string | null;
    callbackUrl: string | null;
    /** HTTP assets: the hash of the secret callers present as a Bearer token. */
    secretHash: string | null;
    allowedOrigins: string[];
    /** WEB_CHAT: the epoch visitor tokens are signed in (conversations/visitor-token.ts). */
    visitorTokenEpoch: number;
  };
  rules: RoutingRule[];
  integrations: Map<string, ReceiverIntegration>;
  /** The tenant's routingVersion when this was read (database triggers move it on every change). */
  version: string;
  /** Served from memory, so possibly stale: only a statement that checks `version` may act on it. */
  cached: boolean;
}

/** A cached routing context was stale (or cannot serve this message): read it again. */
export class StaleRoutingContext extends Error {
  constructor() {
    super("The channel's routing context changed: read it again");
  }
}

interface ContextRow {
  asset: RoutingContext["asset"];
  rules: RuleRow[] | null;
  integrations: ReceiverIntegration[] | null;
  version: string;
}

const CACHE_LIMIT = 10_000;
const cache = new Map<string, RoutingContext>();

/** The context last read for this asset, if any; it may be stale (see RoutingContext.cached). */
export function cachedRoutingContext(assetId: string): RoutingContext | undefined {
  return cache.get(assetId);
}

/**
 * Everything routing needs about one channel asset (its service's rules and integrations),
 * read fresh in a single statement, and remembered for the next message on the asset.
 */
export async function loadRoutingContext(pool: Pool, assetId: string): Promise<RoutingContext | null> {
  const { rows } = await pool.query<ContextRow>({
    name: "load-routing-context",
    text: `SELECT json_build_object(
              'id', a."id", 'tenantId', a."tenantId", 'type', a."type", 'channelLabel', a."channelLabel",
              'serviceId', a."serviceId", 'callbackUrl', a."callbackUrl", 'secretHash', a."secretHash",
              'allowedOrigins', a."allowedOrigins", 'visitorTokenEpoch', a."visitorTokenEpoch") AS "asset",
            (SELECT json_agg(json_build_object(
                      'id', r."id", 'position', r."position", 'enabled', r."enabled", 'channelAssetId', r."channelAssetId",
                      'event', r."event", 'conditions', r."conditions", 'actionType', r."actionType",
                      'botIntegrationId', r."botIntegrationId", 'ccspIntegrationId', r."ccspIntegrationId",
                      'handoverWhenBotUnavailable', r."handoverWhenBotUnavailable", 'coversPostbacks', r."coversPostbacks") ORDER BY r."position")
               FROM "Rule" r WHERE r."serviceId" = a."serviceId") AS "rules",
            (SELECT json_agg(json_build_object('id', i."id", 'kind', i."kind", 'platform', i."platform", 'status', i."status"))
               FROM "ServiceIntegration" si JOIN "Integration" i ON i."id" = si."integrationId" AND i."deletedAt" IS NULL
              WHERE si."serviceId" = a."serviceId") AS "integrations",
            t."routingVersion"::text AS "version"
       FROM "ChannelAsset" a JOIN "Tenant" t ON t."id" = a."tenantId" WHERE a."id" = $1`,
    values: [assetId],
  });
  const row = rows[0];
  if (!row) {
    cache.delete(assetId);
    return null;
  }
  const context: RoutingContext = {
    asset: row.asset,
    rules: rulesFromRows(row.rules ?? []),
    integrations: new Map((row.integrations ?? []).map((integration) => [integration.id, integration])),
    version: row.version,
    cached: false,
  };
  remember(assetId, { ...context, cached: true });
  return context;
}

function remember(assetId: string, context: RoutingContext) {
  cache.delete(assetId);
  // Oldest first out: Map iterates in insertion order.
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(assetId, context);
}
