/** Input shapes of rules, shared by the rule form and the server: no server imports here. */
import { z } from "zod";
import { HANDOVER_TEXT_MAX } from "@/server/conversations/handover-text";
import { ruleConditionSchema } from "@/server/routing/condition-schema";
import { ROUTING_EVENTS, RULE_ACTION_TYPES } from "@/server/routing/types";

/** "" from an unset select means "none". */
const optionalId = z
  .string()
  .nullish()
  .transform((value) => (value ? value : null));

export const ruleFieldsSchema = z.object({
  channelAssetId: z.string().min(1, "Choose the trigger channel"),
  event: z.enum(ROUTING_EVENTS, "Choose an event"),
  conditions: z.array(ruleConditionSchema).default([]),
  actionType: z.enum(RULE_ACTION_TYPES, "Choose an action"),
  botIntegrationId: optionalId,
  ccspIntegrationId: optionalId,
  /** BOT + CCSP: hand new messages to the CCSP while the bot is INACTIVE. */
  handoverWhenBotUnavailable: z.boolean().default(true),
  /** …and already when a customer message fails its first attempt, not only once the bot is INACTIVE. */
  handoverOnFirstFailure: z.boolean().default(false),
  /** Incoming message: also take postbacks (quick-reply taps) no Postback rule takes. */
  coversPostbacks: z.boolean().optional(),
  /** What the customer reads at a handover to an agent; empty: the friendly default. */
  handoverText: z
    .string()
    .trim()
    .max(HANDOVER_TEXT_MAX, `Keep the handover text to ${HANDOVER_TEXT_MAX} characters`)
    .refine((text) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text), "The handover text has control characters")
    .nullish(),
});
export type RuleFields = z.output<typeof ruleFieldsSchema>;

export const createRuleSchema = ruleFieldsSchema.extend({
  serviceId: z.string().min(1),
  enabled: z.boolean().default(true),
});
export type CreateRuleInput = z.output<typeof createRuleSchema>;

export const updateRuleSchema = ruleFieldsSchema.extend({ id: z.string().min(1) });
export type UpdateRuleInput = z.output<typeof updateRuleSchema>;

export const moveRuleSchema = z.object({ id: z.string().min(1), direction: z.enum(["up", "down"]) });
export const setRuleEnabledSchema = z.object({ id: z.string().min(1), enabled: z.boolean() });
