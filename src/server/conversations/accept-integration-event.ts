/**
 * An event posted to an integration's inbound webhook, at most once per idempotency key: a
 * repeat answered in the last 24 hours gets the stored answer and writes nothing (see
 * inbound-idempotency.ts). `outcome` is null for a repeat: there is nothing to deliver.
 */
import type { Db } from "@/server/db/client";
import { handleIntegrationEvent, type EventOutcome, type SendingIntegration } from "./handle-integration-event";
import { eventAnswer, storedAnswer, type EventAnswer, type OnceKey } from "./inbound-idempotency";
import type { InboundEvent } from "./wire/inbound-events";

export interface AcceptedEvent {
  answer: EventAnswer;
  outcome: EventOutcome | null;
}

export async function acceptIntegrationEvent(db: Db, sender: SendingIntegration, event: InboundEvent, once: OnceKey | null): Promise<AcceptedEvent> {
  if (!once) {
    const outcome = await handleIntegrationEvent(db, sender, event);
    return { answer: eventAnswer(outcome), outcome };
  }
  const earlier = await storedAnswer(db, sender, once);
  if (earlier) return { answer: earlier, outcome: null };
  try {
    const outcome = await handleIntegrationEvent(db, sender, event, once);
    return { answer: eventAnswer(outcome), outcome };
  } catch (error) {
    // A concurrent twin committed first: storing the key failed (or the twin's writes made this
    // one's checks fail), so nothing of this request was written and the twin's answer is its answer.
    const twin = await storedAnswer(db, sender, once);
    if (twin) return { answer: twin, outcome: null };
    throw error;
  }
}
