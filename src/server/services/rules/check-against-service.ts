// Checks a rule against its service before it is saved: the trigger channel is one of the
// service's, conditions are valid (safe regular expressions), and the action's integrations are
// mapped to the service and of the right kind. Runs under the service's lock (lock.ts).
import type { IntegrationKind } from "@/generated/prisma/enums";
import { badRequest } from "@/server/errors";
import { normalizeCondition } from "@/server/routing/condition-schema";
import { validateRuleConditions } from "@/server/routing/validate-conditions";
import type { Tx } from "@/server/db/tx";
import type { RuleFields } from "./schemas";

type ServiceRef = { id: string; name: string };
type IdField = "botIntegrationId" | "ccspIntegrationId";

const KIND_WORDS: Record<IntegrationKind, string> = { BOT: "a BOT", CCSP: "a CCSP" };

async function checkTrigger(tx: Tx, tenantId: string, service: ServiceRef, assetId: string) {
  const asset = await tx.channelAsset.findFirst({ where: { id: assetId, tenantId }, select: { name: true, serviceId: true } });
  if (!asset) throw badRequest("The trigger channel was not found", "channelAssetId");
  if (asset.serviceId !== service.id) {
    throw badRequest(
      `Channel "${asset.name}" is not attached to service "${service.name}": attach it to the service first`,
      "channelAssetId",
    );
  }
}

function checkConditions(fields: RuleFields) {
  const result = validateRuleConditions(fields.conditions);
  if (!result.ok) {
    const first = result.errors[0]!;
    throw badRequest(`Condition ${first.index + 1}: ${first.message}`, `conditions.${first.index}`);
  }
  return fields.conditions.map(normalizeCondition);
}

async function checkIntegration(tx: Tx, tenantId: string, service: ServiceRef, id: string, kind: IntegrationKind, field: IdField) {
  const integration = await tx.integration.findFirst({
    where: { id, tenantId, deletedAt: null },
    select: { name: true, kind: true, services: { where: { serviceId: service.id }, select: { serviceId: true } } },
  });
  if (!integration) throw badRequest("The chosen integration was not found", field);
  if (integration.kind !== kind) {
    throw badRequest(`Integration "${integration.name}" is ${KIND_WORDS[integration.kind]} integration: choose ${KIND_WORDS[kind]} integration`, field);
  }
  if (integration.services.length === 0) {
    throw badRequest(`Integration "${integration.name}" is not mapped to service "${service.name}": map it to the service first`, field);
  }
}

/** The columns to store, or a BAD_REQUEST naming the field at fault. */
export async function checkRuleAgainstService(tx: Tx, tenantId: string, service: ServiceRef, fields: RuleFields) {
  const conditions = checkConditions(fields);
  await checkTrigger(tx, tenantId, service, fields.channelAssetId);

  const usesBot = fields.actionType === "BOT" || fields.actionType === "BOT_CCSP";
  const usesCcsp = fields.actionType === "CCSP" || fields.actionType === "BOT_CCSP";
  const both = fields.actionType === "BOT_CCSP";
  if (usesBot && !fields.botIntegrationId) {
    throw badRequest(both ? "A BOT + CCSP rule needs both a BOT and a CCSP integration: choose the BOT" : "Choose the BOT integration", "botIntegrationId");
  }
  if (usesCcsp && !fields.ccspIntegrationId) {
    throw badRequest(both ? "A BOT + CCSP rule needs both a BOT and a CCSP integration: choose the CCSP" : "Choose the CCSP integration", "ccspIntegrationId");
  }
  if (usesBot) await checkIntegration(tx, tenantId, service, fields.botIntegrationId!, "BOT", "botIntegrationId");
  if (usesCcsp) await checkIntegration(tx, tenantId, service, fields.ccspIntegrationId!, "CCSP", "ccspIntegrationId");

  return {
    channelAssetId: fields.channelAssetId,
    event: fields.event,
    conditions,
    actionType: fields.actionType,
    botIntegrationId: usesBot ? fields.botIntegrationId : null,
    ccspIntegrationId: usesCcsp ? fields.ccspIntegrationId : null,
    handoverWhenBotUnavailable: both ? fields.handoverWhenBotUnavailable : true,
    handoverOnFirstFailure: both && fields.handoverWhenBotUnavailable ? fields.handoverOnFirstFailure : false,
    // A new Incoming message rule also answers postbacks unless the tenant separates them.
    coversPostbacks: fields.event === "INCOMING_MESSAGE" ? (fields.coversPostbacks ?? true) : false,
    handoverText: both && fields.handoverText ? fields.handoverText : null,
  };
}
