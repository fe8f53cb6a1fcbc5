/**
 * What one attempt of the attempt function (attempt.ts) came to. Its own module because the
 * attempt's recorder (record-attempt.ts) and the Messenger follow-up (messenger/after-attempt.ts)
 * speak of it too, and attempt.ts calls both.
 */
export type AttemptOutcome =
  | { outcome: "DELIVERED"; attempt: number }
  | {
      outcome: "FAILED_ATTEMPT";
      attempt: number;
      reason: string;
      /** This failure made the integration INACTIVE. */
      deactivated: boolean;
      /** What became of the delivery: retried at nextAttemptAt (ISO), FAILED, or HELD. */
      next: "RETRY" | "FAILED" | "HELD";
      nextAttemptAt?: string;
      /** The attempt's number within its retry schedule (1: a first attempt). */
      scheduleAttempt: number;
    }
  /** An earlier delivery to the same receiver about the same conversation is unfinished. */
  | { outcome: "WAITING" }
  /** The integration is not ACTIVE: held until it is verified again. */
  | { outcome: "HELD" }
  /** Its receiver has too many attempts in flight and waiting here: a runner takes it when due. */
  | { outcome: "DEFERRED" }
  /** Already finished, not due yet, or another runner holds it. */
  | { outcome: "SKIPPED" };
