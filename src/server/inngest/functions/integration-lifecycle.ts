import { db } from "@/server/db/client";
import { onIntegrationDeactivated, onIntegrationReactivated } from "@/server/jobs/handlers";
import { inngest } from "../client";
import { INTEGRATION_DEACTIVATED, INTEGRATION_REACTIVATED } from "../events";
import { inngestWork } from "../inngest-work";

/** An automatic deactivation: stranded customers handed over, then the history entry (the UI shows it as a notice). */
export const recordIntegrationDeactivationFunction = inngest.createFunction(
  { id: "record-integration-deactivation", triggers: [{ event: INTEGRATION_DEACTIVATED }] },
  async ({ event, step }) => {
    const { integrationId, deactivatedAt } = event.data as { integrationId: string; deactivatedAt: string };
    return step.run("record-deactivation", () => onIntegrationDeactivated(db(), integrationId, new Date(deactivatedAt), inngestWork(db())));
  },
);

/** Once an integration is ACTIVE again, what was held for it goes out in its original order. */
export const releaseHeldDeliveriesFunction = inngest.createFunction(
  // One release at a time per integration: two would race for the same queues.
  { id: "release-held-deliveries", triggers: [{ event: INTEGRATION_REACTIVATED }], concurrency: { key: "event.data.integrationId", limit: 1 } },
  async ({ event, step }) => {
    const { integrationId } = event.data as { integrationId: string };
    return step.run("release", () => onIntegrationReactivated(db(), integrationId, inngestWork(db())));
  },
);
