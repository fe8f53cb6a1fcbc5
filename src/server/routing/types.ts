// Types for rule-based routing of inbound channel events (docs/protocol.md, "Conversations and routing").
// Pure data: no Prisma or Next types, so the router can be unit-tested in isolation.

export const ROUTING_EVENTS = ["INCOMING_MESSAGE", "POSTBACK", "HANDOVER"] as const;
export type RoutingEvent = (typeof ROUTING_EVENTS)[number];

/** Wording shown to tenants (docs/protocol.md, "Conversations and routing"). */
export const ROUTING_EVENT_LABELS: Record<RoutingEvent, string> = {
  INCOMING_MESSAGE: "Incoming message",
  POSTBACK: "Postback",
  HANDOVER: "Handover",
};

export type RuleCondition =
  | { type: "TEXT_CONTAINS"; value: string; caseSensitive?: boolean }
  /** Evaluated with RE2 (linear time); flags limited to i, m, s. */
  | { type: "TEXT_MATCHES"; pattern: string; flags?: string }
  | { type: "MESSAGE_TYPE"; value: string }
  /** Exact customer identifier on the channel. */
  | { type: "CHANNEL_USER"; value: string };

export type RuleConditionType = RuleCondition["type"];

export const RULE_ACTION_TYPES = ["BOT", "CCSP", "BOT_CCSP"] as const;

export type RuleAction =
  | { type: "BOT"; botIntegrationId: string }
  | { type: "CCSP"; ccspIntegrationId: string }
  | {
      type: "BOT_CCSP";
      botIntegrationId: string;
      ccspIntegrationId: string;
      handoverWhenBotUnavailable: boolean;
    };

export type RuleActionType = RuleAction["type"];

/** Wording shown to tenants (docs/protocol.md, "Conversations and routing"). */
export const RULE_ACTION_LABELS: Record<RuleActionType, string> = {
  BOT: "Forward the message to BOT",
  CCSP: "Forward the message to CCSP integration",
  BOT_CCSP: "Forward the message to be handled by BOT + CCSP",
};

export type RoutingRule = {
  id: string;
  /** Lower runs first; ties keep input order. */
  position: number;
  enabled: boolean;
  channelAssetId: string;
  event: RoutingEvent;
  /** All must match (AND); empty means the trigger alone suffices. */
  conditions: RuleCondition[];
  action: RuleAction;
  /**
   * INCOMING_MESSAGE only: also takes postbacks (a quick reply's tap) that no Postback rule of
   * the service takes. On by default; a tenant separates them by turning it off.
   */
  coversPostbacks?: boolean;
};

export type InboundForRouting = {
  channelAssetId: string;
  event: RoutingEvent;
  /** Null when the event carries no text (e.g. a postback). */
  text: string | null;
  messageType: string;
  channelUserId: string;
};

export type RoutingDecision =
  | { kind: "ROUTED"; ruleId: string; action: RuleAction }
  | { kind: "NO_RULE" };
