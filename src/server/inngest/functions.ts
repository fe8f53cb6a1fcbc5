import type { InngestFunction } from "inngest";
import { deliveryRelayFunction } from "./functions/delivery-relay";
import { deliveryRetriesFunction } from "./functions/delivery-retries";
import { recordIntegrationDeactivationFunction, releaseHeldDeliveriesFunction } from "./functions/integration-lifecycle";
import { sendQueuedMailFunction } from "./functions/mail";

/**
 * Every durable function the app serves at /api/inngest. Each is named for its job with a
 * `Function` suffix (releaseHeldDeliveriesFunction runs delivery/release.ts' releaseHeldDeliveries
 * through jobs/handlers.ts), so an Inngest function never shares a name with the plain function it calls.
 */
export const functions: InngestFunction.Any[] = [deliveryRetriesFunction, recordIntegrationDeactivationFunction, releaseHeldDeliveriesFunction, deliveryRelayFunction, sendQueuedMailFunction];
