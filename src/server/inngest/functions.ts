import type { InngestFunction } from "inngest";
import { deliveryRelay } from "./functions/delivery-relay";
import { deliveryRetries } from "./functions/delivery-retries";
import { recordIntegrationDeactivation, releaseHeldDeliveries } from "./functions/integration-lifecycle";
import { sendQueuedMail } from "./functions/mail";

/** Every durable function the app serves at /api/inngest. */
export const functions: InngestFunction.Any[] = [deliveryRetries, recordIntegrationDeactivation, releaseHeldDeliveries, deliveryRelay, sendQueuedMail];
