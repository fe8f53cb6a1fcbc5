/**
 * The `data` of each operational webhook (docs/alerts.md): typed here, so what the alerts send
 * and what the API document shows (src/server/api-docs/openapi.ts, its `webhooks`) are one thing.
 */
import { z } from "zod";
import type { WebhookEventType } from "./kinds";

const integrationRef = z.object({ id: z.string(), name: z.string(), kind: z.enum(["BOT", "CCSP"]) });

export const OPERATIONAL_EVENT_DATA = {
  "integration.deactivated": z
    .object({
      integration: integrationRef,
      reason: z.string().meta({ description: "Why, in words (for example five failed attempts in a row, or a 410 Gone)" }),
      deactivatedAt: z.iso.datetime(),
    })
    .meta({ description: "An integration was made inactive automatically" }),
  "integration.reactivated": z
    .object({ integration: integrationRef, reactivatedAt: z.iso.datetime() })
    .meta({ description: "An inactive integration was verified again" }),
  "delivery.failed": z
    .object({
      delivery: z.object({ id: z.string(), conversationId: z.string().nullable(), attempts: z.int().positive(), lastError: z.string() }),
      receiver: z.object({ type: z.string().meta({ description: "integration or channel" }), id: z.string(), name: z.string() }),
    })
    .meta({ description: "A delivery to a bot, CCSP or channel FAILED (its last retry failed, or it was refused)" }),
  "webhook.test": z
    .object({ endpoint: z.object({ id: z.string(), url: z.string() }), message: z.string() })
    .meta({ description: "Sent when an admin sends a test event from the endpoint's page; no subscription needed" }),
} satisfies Record<OperationalEventType, z.ZodType>;

/** The events an endpoint can subscribe to, and the test event. */
export type OperationalEventType = WebhookEventType | "webhook.test";

export type OperationalEventData<T extends OperationalEventType> = z.output<(typeof OPERATIONAL_EVENT_DATA)[T]>;

/** The whole body of one operational webhook: `{ type, timestamp, data }` (raise-alert.ts, webhookPayload). */
export const operationalEventSchema = (type: OperationalEventType) =>
  z.object({ type: z.literal(type), timestamp: z.iso.datetime(), data: OPERATIONAL_EVENT_DATA[type] });
