import type { IntegrationKind, IntegrationStatus, RuleActionType, RuleEvent, ChannelType } from "@/generated/prisma/enums";
import { describeCondition, ruleConditionsSchema } from "@/server/routing/condition-schema";
import { ROUTING_EVENT_LABELS, RULE_ACTION_LABELS } from "@/server/routing/types";
import { triggerText } from "./describe";

type IntegrationRef = { id: string; name: string; kind: IntegrationKind; status: IntegrationStatus };

export type RuleRowWithRefs = {
  id: string;
  serviceId: string;
  position: number;
  enabled: boolean;
  event: RuleEvent;
  conditions: unknown;
  actionType: RuleActionType;
  handoverWhenBotUnavailable: boolean;
  handoverOnFirstFailure: boolean;
  coversPostbacks: boolean;
  handoverText: string | null;
  channelAsset: { id: string; name: string; type: ChannelType };
  botIntegration: IntegrationRef | null;
  ccspIntegration: IntegrationRef | null;
};

const integrationSelect = { id: true, name: true, kind: true, status: true } as const;

/** Prisma `include` for a RuleRowWithRefs. */
export const ruleViewInclude = {
  channelAsset: { select: { id: true, name: true, type: true } },
  botIntegration: { select: integrationSelect },
  ccspIntegration: { select: integrationSelect },
} as const;

function actionText(row: RuleRowWithRefs): string {
  const label = RULE_ACTION_LABELS[row.actionType];
  const bot = row.botIntegration ? `"${row.botIntegration.name}"` : "(no BOT)";
  const ccsp = row.ccspIntegration ? `"${row.ccspIntegration.name}"` : "(no CCSP)";
  switch (row.actionType) {
    case "BOT":
      return `${label} ${bot}`;
    case "CCSP":
      return `${label} ${ccsp}`;
    case "BOT_CCSP":
      return `${label}: BOT ${bot}, CCSP ${ccsp}`;
  }
}

export function toRuleView(row: RuleRowWithRefs) {
  const conditions = ruleConditionsSchema.safeParse(row.conditions);
  return {
    id: row.id,
    serviceId: row.serviceId,
    /** 1-based, as shown to tenants. */
    number: row.position + 1,
    enabled: row.enabled,
    event: row.event,
    eventLabel: ROUTING_EVENT_LABELS[row.event],
    channelAsset: row.channelAsset,
    conditions: conditions.success ? conditions.data : [],
    conditionTexts: conditions.success
      ? conditions.data.map(describeCondition)
      : ["Unreadable conditions: this rule never matches until it is saved again"],
    actionType: row.actionType,
    actionLabel: RULE_ACTION_LABELS[row.actionType],
    botIntegration: row.botIntegration,
    ccspIntegration: row.ccspIntegration,
    handoverWhenBotUnavailable: row.handoverWhenBotUnavailable,
    handoverOnFirstFailure: row.handoverOnFirstFailure,
    coversPostbacks: row.coversPostbacks,
    handoverText: row.handoverText,
    triggerText: triggerText(row),
    actionText: actionText(row),
  };
}

export type RuleView = ReturnType<typeof toRuleView>;
