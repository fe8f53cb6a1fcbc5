/**
 * Events the delivery pipeline sends to Inngest. Each carries an ID, so a duplicate send
 * (the relay resending, a retried request) starts no second run.
 */
export const RETRY_REQUESTED = "delivery/retry.requested";
export const INTEGRATION_DEACTIVATED = "integration/deactivated";
export const INTEGRATION_REACTIVATED = "integration/reactivated";

export type PipelineEvent =
  | { id: string; name: typeof RETRY_REQUESTED; data: { deliveryId: string; scheduleFrom: string } }
  | { id: string; name: typeof INTEGRATION_DEACTIVATED; data: { integrationId: string; deactivatedAt: string } }
  | { id: string; name: typeof INTEGRATION_REACTIVATED; data: { integrationId: string } };

/** Sends events to Inngest; throws when Inngest cannot be reached (the relay tries again). */
export type EventSender = (events: PipelineEvent[]) => Promise<void>;

export const retryRequested = (deliveryId: string, attempt: number, scheduleFrom: Date): PipelineEvent => ({
  id: `retry-${deliveryId}-${attempt}`,
  name: RETRY_REQUESTED,
  data: { deliveryId, scheduleFrom: scheduleFrom.toISOString() },
});

export const integrationDeactivated = (integrationId: string, deactivatedAt: Date): PipelineEvent => ({
  id: `deactivated-${integrationId}-${deactivatedAt.getTime()}`,
  name: INTEGRATION_DEACTIVATED,
  data: { integrationId, deactivatedAt: deactivatedAt.toISOString() },
});

export const integrationReactivated = (integrationId: string, at: Date): PipelineEvent => ({
  id: `reactivated-${integrationId}-${at.getTime()}`,
  name: INTEGRATION_REACTIVATED,
  data: { integrationId },
});
