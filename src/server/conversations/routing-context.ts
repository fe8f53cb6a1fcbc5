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
  };
  rules: RoutingRule[];
  integrations: Map<string, ReceiverIntegration>;
}

interface ContextRow {
  asset: RoutingContext["asset"];
  rules: RuleRow[] | null;
  integrations: ReceiverIntegration[] | null;
}

/**
 * Everything routing needs about one channel asset (its service's rules and integrations),
 * read fresh on every message in a single statement: it is on the hot path.
 */
export async function loadRoutingContext(pool: Pool, assetId: string): Promise<RoutingContext | null> {
  const { rows } = await pool.query<ContextRow>({
    name: "load-routing-context",
    text: `SELECT json_build_object(
              'id', a."id", 'tenantId', a."tenantId", 'type', a."type", 'channelLabel', a."channelLabel",
              'serviceId', a."serviceId", 'callbackUrl', a."callbackUrl", 'secretHash', a."secretHash",
              'allowedOrigins', a."allowedOrigins") AS "asset",
            (SELECT json_agg(json_build_object(
                      'id', r."id", 'position', r."position", 'enabled', r."enabled", 'channelAssetId', r."channelAssetId",
                      'event', r."event", 'conditions', r."conditions", 'actionType', r."actionType",
                      'botIntegrationId', r."botIntegrationId", 'ccspIntegrationId', r."ccspIntegrationId",
                      'handoverWhenBotUnavailable', r."handoverWhenBotUnavailable") ORDER BY r."position")
               FROM "Rule" r WHERE r."serviceId" = a."serviceId") AS "rules",
            (SELECT json_agg(json_build_object('id', i."id", 'kind', i."kind", 'platform', i."platform", 'status', i."status"))
               FROM "ServiceIntegration" si JOIN "Integration" i ON i."id" = si."integrationId"
              WHERE si."serviceId" = a."serviceId") AS "integrations"
       FROM "ChannelAsset" a WHERE a."id" = $1`,
    values: [assetId],
  });
  const row = rows[0];
  if (!row) return null;
  return {
    asset: row.asset,
    rules: rulesFromRows(row.rules ?? []),
    integrations: new Map((row.integrations ?? []).map((integration) => [integration.id, integration])),
  };
}
