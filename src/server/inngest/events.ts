/**
 * The events the pipeline's hand-offs become under Inngest (inngest-work.ts). Each carries an
 * ID, so a duplicate send (a resend, a retried request) starts no second run.
 */
export const RETRY_REQUESTED = "delivery/retry.requested";
export const INTEGRATION_DEACTIVATED = "integration/deactivated";
export const INTEGRATION_REACTIVATED = "integration/reactivated";
export const MAIL_QUEUED = "mail/queued";

export type PipelineEvent =
  | { id: string; name: typeof RETRY_REQUESTED; data: { deliveryId: string; dueAt: string } }
  | { id: string; name: typeof INTEGRATION_DEACTIVATED; data: { integrationId: string; deactivatedAt: string } }
  | { id: string; name: typeof INTEGRATION_REACTIVATED; data: { integrationId: string } };

/** The retry after failed attempt number `attempt`, due at `dueAt`. */
export const retryRequested = (deliveryId: string, attempt: number, dueAt: Date): PipelineEvent => ({
  id: `retry-${deliveryId}-${attempt}`,
  name: RETRY_REQUESTED,
  data: { deliveryId, dueAt: dueAt.toISOString() },
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

/** Mail was queued (src/server/jobs/mail-work.ts): the function sends whatever mail is due. */
export const mailQueuedEvent = (dedupeKey: string) => ({ id: `mail-${dedupeKey}`.slice(0, 200), name: MAIL_QUEUED, data: { dedupeKey } });
