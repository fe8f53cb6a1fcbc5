/**
 * What a customer reads when their chat is handed to an agent: the rule's own text, or this
 * friendly default. The bot's reason for the handover is internal and never shown to them.
 * No imports: the rule form (browser code) reads the default too.
 */
export const DEFAULT_HANDOVER_TEXT = "Connecting you to an agent. Someone will be with you shortly.";

export const HANDOVER_TEXT_MAX = 300;

export const customerHandoverText = (ruleText: string | null | undefined): string => ruleText?.trim() || DEFAULT_HANDOVER_TEXT;
