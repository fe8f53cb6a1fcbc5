/**
 * Inngest's side of the pipeline's hand-offs: each becomes an event (with an ID, so a resend
 * starts no second run). When Inngest cannot be reached, deactivations and releases run here
 * at once, and a retry stays unscheduled (retryScheduledAt null), which the embedded runner
 * then takes when it is due.
 */
import type { Db } from "@/server/db/client";
import type { DurableWork } from "@/server/delivery/durable-work";
import { embeddedWork } from "@/server/jobs/embedded-work";
import { inngest } from "./client";
import { integrationDeactivated, integrationReactivated, retryRequested, type PipelineEvent } from "./events";

export function inngestWork(db: Db, send: (events: PipelineEvent[]) => Promise<unknown> = (events) => inngest.send(events)): DurableWork {
  const local = embeddedWork(db);
  const trySend = async (events: PipelineEvent[]) => {
    try {
      await send(events);
      return true;
    } catch (error) {
      console.warn(`[inngest] unreachable (${error instanceof Error ? error.message : error}): handled without it`);
      return false;
    }
  };
  return {
    runner: "inngest",
    async retryDue(deliveryId, attempt, at) {
      if (await trySend([retryRequested(deliveryId, attempt, at)])) {
        await db.delivery.updateMany({ where: { id: deliveryId, state: "PENDING" }, data: { retryScheduledAt: new Date() } });
      }
    },
    async integrationDeactivated(integrationId, at) {
      if (!(await trySend([integrationDeactivated(integrationId, at)]))) await local.integrationDeactivated(integrationId, at);
    },
    async integrationReactivated(integrationId) {
      if (!(await trySend([integrationReactivated(integrationId, new Date())]))) await local.integrationReactivated(integrationId);
    },
    firstAttemptFailed: local.firstAttemptFailed,
  };
}
