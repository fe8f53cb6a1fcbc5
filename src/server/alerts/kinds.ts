/**
 * The kinds of alert (docs/alerts.md): what each is called, whether it is mailed to owners and
 * admins by default, and the operational webhook event it becomes (none for held deliveries).
 */
import type { AlertKind } from "@/generated/prisma/enums";

export type { AlertKind };

export const ALERT_KINDS: readonly AlertKind[] = ["INTEGRATION_DEACTIVATED", "INTEGRATION_REACTIVATED", "DELIVERY_FAILED", "DELIVERIES_HELD"];

export const ALERT_LABELS: Record<AlertKind, { label: string; description: string }> = {
  INTEGRATION_DEACTIVATED: { label: "Integration deactivated", description: "A bot or contact centre stopped answering and was made inactive; its deliveries are held." },
  INTEGRATION_REACTIVATED: { label: "Integration reactivated", description: "An inactive integration was verified again and its held deliveries were released." },
  DELIVERY_FAILED: { label: "Delivery failed", description: "A webhook delivery failed after its last retry (or was refused) and needs a replay." },
  DELIVERIES_HELD: { label: "Deliveries held for over an hour", description: "Messages have been waiting for more than an hour for an inactive integration." },
};

/**
 * Emails by default: deactivation and long-held deliveries need someone to act, reactivation is
 * the good news that follows them; a failed delivery can happen often on a busy channel, so it is
 * opt-in (the bell still shows every one).
 */
export const EMAIL_BY_DEFAULT: Record<AlertKind, boolean> = {
  INTEGRATION_DEACTIVATED: true,
  INTEGRATION_REACTIVATED: true,
  DELIVERY_FAILED: false,
  DELIVERIES_HELD: true,
};

/** Operational webhook event types, and the alert each one carries. */
export const WEBHOOK_EVENTS = ["integration.deactivated", "integration.reactivated", "delivery.failed"] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export const WEBHOOK_EVENT_OF: Record<AlertKind, WebhookEventType | null> = {
  INTEGRATION_DEACTIVATED: "integration.deactivated",
  INTEGRATION_REACTIVATED: "integration.reactivated",
  DELIVERY_FAILED: "delivery.failed",
  DELIVERIES_HELD: null,
};

export const WEBHOOK_EVENT_LABELS: Record<WebhookEventType, string> = {
  "integration.deactivated": "An integration was made inactive (with the reason)",
  "integration.reactivated": "An integration was verified again and is active",
  "delivery.failed": "A delivery to a bot, contact centre or channel failed after its last retry",
};
