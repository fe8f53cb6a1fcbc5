/**
 * What the delivery pipeline hands on to the durable runner that schedules it: Inngest where
 * it is configured, the embedded runner otherwise (src/server/jobs/). The adapters pass the
 * runner's implementation in; the pipeline never picks one itself. None of these may throw:
 * whatever a runner cannot take now, its sweep finds in the database later (docs/delivery.md).
 */
export interface DurableWork {
  readonly runner: "inngest" | "embedded";
  /** A failed attempt's next try is due at `at`; the delivery's row says so too. */
  retryDue(deliveryId: string, attempt: number, at: Date): Promise<void>;
  /** An integration was made INACTIVE: record it in its history, hand stranded customers over. */
  integrationDeactivated(integrationId: string, at: Date): Promise<void>;
  /** An integration is ACTIVE again: release what was held for it, in order. */
  integrationReactivated(integrationId: string): Promise<void>;
  /** A delivery's first attempt failed (a customer message's bot may hand over at once). */
  firstAttemptFailed(deliveryId: string): Promise<void>;
}
