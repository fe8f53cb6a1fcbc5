import { z } from "zod";
import { ALERT_KINDS, WEBHOOK_EVENTS } from "./kinds";

export const notificationIdsSchema = z.object({ ids: z.array(z.string().min(1).max(100)).min(1, "Name at least one notification").max(100) });

export const alertPreferenceSchema = z.object({ kind: z.enum(ALERT_KINDS as [string, ...string[]]).transform((k) => k as (typeof ALERT_KINDS)[number]), email: z.boolean() });

const events = z
  .array(z.enum(WEBHOOK_EVENTS))
  .min(1, "Choose at least one event to send")
  .transform((list) => [...new Set(list)]);

export const endpointIdSchema = z.object({ id: z.string().min(1).max(100) });

export const createEndpointSchema = z.object({
  url: z.string().trim().min(1, "Enter the URL to send events to").max(2000, "The URL is too long (2,000 characters at most)"),
  description: z.string().trim().max(200, "The description is too long (200 characters at most)").default(""),
  events,
});

export const updateEndpointSchema = createEndpointSchema.extend({ id: z.string().min(1).max(100) });
