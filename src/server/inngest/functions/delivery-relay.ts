import { db } from "@/server/db/client";
import { runRelay } from "@/server/delivery/relay";
import { inngest } from "../client";
import { sendEvents } from "../send-events";

/** Every minute: deliveries whose first attempt or retry schedule got lost (see relay.ts). */
export const deliveryRelay = inngest.createFunction(
  { id: "delivery-relay", triggers: [{ cron: "* * * * *" }], concurrency: { limit: 1 } },
  async ({ step }) => step.run("relay", () => runRelay(db(), sendEvents)),
);
