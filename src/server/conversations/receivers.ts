import type { DeliveryReceiver } from "@/server/delivery/outbox";
import type { RoutingContext } from "./routing-context";

/**
 * How a message reaches an integration: an outbound delivery, held while the integration
 * is not ACTIVE; none for the built-in agent desk, which reads conversations directly.
 */
export function receiverFor(context: Pick<RoutingContext, "integrations">, integrationId: string): DeliveryReceiver | null {
  const integration = context.integrations.get(integrationId);
  if (!integration || integration.platform === "BUILT_IN") return null;
  // Only a verified integration is sent anything; the rest waits (held) until it is verified.
  return { integrationId, held: integration.status !== "ACTIVE" };
}
