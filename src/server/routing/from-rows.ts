// Turns stored Rule rows into the pure router's RoutingRule. A row that cannot be read safely
// (conditions that are not an array of known conditions, an action without its integration)
// is left out: it must never match, and dropping only its bad conditions would widen it.
import { ruleConditionsSchema } from "./condition-schema";
import type { RoutingEvent, RoutingRule, RuleAction } from "./types";

/** The Rule columns the router needs (a Prisma Rule row satisfies it). */
export type RuleRow = {
  id: string;
  position: number;
  enabled: boolean;
  channelAssetId: string;
  event: RoutingEvent;
  conditions: unknown;
  actionType: "BOT" | "CCSP" | "BOT_CCSP";
  botIntegrationId: string | null;
  ccspIntegrationId: string | null;
  handoverWhenBotUnavailable: boolean;
  /** Missing in rows read before the column existed: covered, as the column's default. */
  coversPostbacks?: boolean;
};

function actionOf(row: RuleRow): RuleAction | null {
  switch (row.actionType) {
    case "BOT":
      return row.botIntegrationId ? { type: "BOT", botIntegrationId: row.botIntegrationId } : null;
    case "CCSP":
      return row.ccspIntegrationId ? { type: "CCSP", ccspIntegrationId: row.ccspIntegrationId } : null;
    case "BOT_CCSP":
      return row.botIntegrationId && row.ccspIntegrationId
        ? {
            type: "BOT_CCSP",
            botIntegrationId: row.botIntegrationId,
            ccspIntegrationId: row.ccspIntegrationId,
            handoverWhenBotUnavailable: row.handoverWhenBotUnavailable,
          }
        : null;
    default:
      return null;
  }
}

/** The rule for routing, or null when the row is malformed (and so must never match). */
export function ruleFromRow(row: RuleRow): RoutingRule | null {
  const conditions = ruleConditionsSchema.safeParse(row.conditions);
  const action = actionOf(row);
  if (!conditions.success || !action) return null;
  return {
    id: row.id,
    position: row.position,
    enabled: row.enabled,
    channelAssetId: row.channelAssetId,
    event: row.event,
    conditions: conditions.data,
    action,
    coversPostbacks: row.coversPostbacks !== false,
  };
}

/** The readable rules of a service, malformed rows left out; order is the router's job. */
export function rulesFromRows(rows: readonly RuleRow[]): RoutingRule[] {
  return rows.map(ruleFromRow).filter((rule): rule is RoutingRule => rule !== null);
}
