/** Words the integration screens use for enums (no server imports: client components read this). */
import { formatDateTime } from "@/lib/date-time";
import type { IntegrationEventType, IntegrationStatus } from "@/generated/prisma/enums";
import { PLATFORM_LABELS, type IntegrationKind, type IntegrationPlatform } from "@/server/integrations/schemas";

export type { IntegrationEventType, IntegrationStatus };

export const STATUS_LABELS: Record<IntegrationStatus, string> = {
  UNVERIFIED: "Unverified",
  ACTIVE: "Active",
  INACTIVE: "Inactive",
};

export const STATUS_HELP: Record<IntegrationStatus, string> = {
  UNVERIFIED: "Saved but not verified: nothing is sent to it until it answers a verification correctly.",
  ACTIVE: "Verified: Switchboard sends it events.",
  INACTIVE: "Made temporarily inactive after five consecutive failures: its deliveries are held. Edit it if needed, then verify it again.",
};

/** The built-in agent desk receives no webhooks: its status says what it does instead. */
export const BUILT_IN_STATUS_HELP = "Ready: handed-over conversations wait in the agent desk's queue for an agent to accept them.";

export const KIND_LABELS: Record<IntegrationKind, string> = { BOT: "Bot", CCSP: "CCSP" };

export function typeLabel(kind: IntegrationKind, platform: IntegrationPlatform): string {
  return `${KIND_LABELS[kind]} · ${PLATFORM_LABELS[platform]}`;
}

export const EVENT_LABELS: Record<IntegrationEventType, string> = {
  CREATED: "Created",
  EDITED: "Edited",
  VERIFIED: "Verified",
  VERIFY_FAILED: "Verification failed",
  SECRET_ROTATED: "Secret rotated",
  DEACTIVATED: "Deactivated",
  REACTIVATED: "Reactivated",
};

export function formatTime(date: Date | null | undefined): string {
  return date ? formatDateTime(date) : "Never";
}
