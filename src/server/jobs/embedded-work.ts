/**
 * The embedded runner's side of the pipeline's hand-offs: everything runs here, in this
 * process, at once; retries need nothing (the delivery's row says when it is due and the
 * runner's poll takes it). What fails here is found again by the sweep.
 */
import type { Db } from "@/server/db/client";
import type { DurableWork } from "@/server/delivery/durable-work";
import { onFirstAttemptFailed, onIntegrationDeactivated, onIntegrationReactivated } from "./handlers";

export function embeddedWork(db: Db): DurableWork {
  const work: DurableWork = {
    runner: "embedded",
    retryDue: async () => {},
    integrationDeactivated: (integrationId, at) => safely("record a deactivation", () => onIntegrationDeactivated(db, integrationId, at, work)),
    integrationReactivated: (integrationId) => safely("release held deliveries", () => onIntegrationReactivated(db, integrationId, work)),
    firstAttemptFailed: (deliveryId) => safely("hand over after a failed attempt", () => onFirstAttemptFailed(db, deliveryId, work)),
  };
  return work;
}

export async function safely(what: string, job: () => Promise<unknown>): Promise<void> {
  try {
    await job();
  } catch (error) {
    console.error(`[delivery] could not ${what} now (the sweep tries again):`, error instanceof Error ? error.message : error);
  }
}
