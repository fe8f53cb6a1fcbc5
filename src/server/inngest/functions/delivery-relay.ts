import { db } from "@/server/db/client";
import { sweep } from "@/server/jobs/sweep";
import { inngest } from "../client";
import { inngestWork } from "../inngest-work";

/** Every minute: integration hand-offs that got lost (see jobs/sweep.ts). */
export const deliveryRelayFunction = inngest.createFunction(
  { id: "delivery-relay", triggers: [{ cron: "* * * * *" }], concurrency: { limit: 1 } },
  async ({ step }) => step.run("sweep", () => sweep(db(), inngestWork(db()))),
);
