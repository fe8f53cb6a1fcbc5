import { publicBaseUrl } from "@/server/config/env";

/** The generated webhook a bot or CCSP POSTs its events to (docs/protocol.md, "Bot and CCSP to platform"). */
export function inboundWebhookPath(integrationId: string): string {
  return `/api/v1/integrations/${encodeURIComponent(integrationId)}/events`;
}

export function inboundWebhookUrl(integrationId: string): string {
  return `${publicBaseUrl()}${inboundWebhookPath(integrationId)}`;
}
