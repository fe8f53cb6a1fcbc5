import type { EventSender } from "@/server/delivery/events";
import { inngest } from "./client";

/** The pipeline's events, sent through the one Inngest client. */
export const sendEvents: EventSender = async (events) => {
  await inngest.send(events);
};
