import { db } from "@/server/db/client";
import { deliverInOrder } from "@/server/delivery/pipeline";
import { inngest } from "../client";
import { RETRY_REQUESTED, retryRequested, type PipelineEvent } from "../events";
import { inngestWork } from "../inngest-work";

/**
 * One retry of a failed delivery: sleep until it is due (its schedule's time, or later for a
 * receiver's Retry-After), then the same pipeline as every attempt. A failure schedules the
 * next retry as a new event, sent as a step of this run (so it is sent once the attempt is
 * recorded, even if the process dies); after the last one the delivery is FAILED
 * (record-attempt.ts). Sleeping (not Inngest's own backoff) spreads four retries over the hour.
 */
export const deliveryRetriesFunction = inngest.createFunction(
  { id: "delivery-retries", triggers: [{ event: RETRY_REQUESTED }], retries: 3 },
  async ({ event, step }) => {
    const { deliveryId, dueAt } = event.data as { deliveryId: string; dueAt: string };
    await step.sleepUntil("wait-until-due", new Date(dueAt));
    const { outcome, nextRetries } = await step.run("retry", async () => {
      const nextRetries: PipelineEvent[] = [];
      const work = {
        ...inngestWork(db()),
        async retryDue(id: string, attempt: number, at: Date) {
          nextRetries.push(retryRequested(id, attempt, at));
          await db().delivery.updateMany({ where: { id, state: "PENDING" }, data: { retryScheduledAt: new Date() } });
        },
      };
      return { outcome: await deliverInOrder(db(), deliveryId, work), nextRetries };
    });
    if (nextRetries.length > 0) await step.sendEvent("schedule-next-retry", nextRetries);
    return { ...outcome, nextRetries };
  },
);
