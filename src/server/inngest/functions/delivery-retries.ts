import { env } from "@/server/config/env";
import { db } from "@/server/db/client";
import { giveUp, retryOnce } from "@/server/delivery/deliver-now";
import { RETRY_REQUESTED } from "@/server/delivery/events";
import { inngest } from "../client";
import { sendEvents } from "../send-events";

/**
 * A failed delivery's retries: at 1, 5, 15 and 60 minutes after the failed attempt
 * (DELIVERY_RETRY_SCHEDULE), each one step calling the one attempt function; the first
 * success ends it, and after the last failure the delivery is FAILED. Sleeping between
 * steps (not Inngest's own backoff) is what spreads four retries over the hour.
 */
export const deliveryRetries = inngest.createFunction(
  { id: "delivery-retries", triggers: [{ event: RETRY_REQUESTED }], retries: 3 },
  async ({ event, step }) => {
    const { deliveryId, scheduleFrom } = event.data as { deliveryId: string; scheduleFrom: string };
    const from = Date.parse(scheduleFrom);
    const schedule = env().DELIVERY_RETRY_SCHEDULE;
    for (const [index, seconds] of schedule.entries()) {
      await step.sleepUntil(`wait-for-retry-${index + 1}`, new Date(from + seconds * 1000));
      const result = await step.run(`retry-${index + 1}`, () => retryOnce(db(), deliveryId, sendEvents));
      if (result.outcome !== "FAILED_ATTEMPT") return { deliveryId, retries: index + 1, outcome: result.outcome };
    }
    const final = await step.run("mark-failed", () => giveUp(db(), deliveryId, sendEvents));
    return { deliveryId, retries: schedule.length, outcome: final };
  },
);
