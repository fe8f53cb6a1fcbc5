/**
 * Attempts' outcomes (first attempts and retries), told to support staff (the inspector shows each delivery's state).
 * The process gathers the conversations whose deliveries were attempted and sends at most one
 * notification per tenant every FLUSH_MS, with a timer only while something waits to be sent:
 * a busy channel costs a few statements a second, not one per message, and an idle one nothing.
 */
import { pool } from "@/server/db/client";
import { listedConversations } from "./events";
import { publish } from "./publish";

const FLUSH_MS = 250;

/** Per tenant, the conversations to name; null once there are too many to list. */
const waiting = new Map<string, Set<string> | null>();
let timer: ReturnType<typeof setTimeout> | undefined;

export function announceDeliveryOutcomes(tenantId: string, conversationIds: ReadonlyArray<string | null>): void {
  const known = waiting.has(tenantId) ? waiting.get(tenantId)! : new Set<string>();
  if (known) for (const id of conversationIds) if (id) known.add(id);
  waiting.set(tenantId, known && listedConversations(known) === null ? null : known);
  timer ??= setTimeout(flush, FLUSH_MS);
}

function flush(): void {
  timer = undefined;
  const batch = [...waiting];
  waiting.clear();
  for (const [tenantId, ids] of batch) {
    publish(pool(), { type: "change", tenantId, what: "delivery", conversationIds: ids ? [...ids] : null }).catch((error: unknown) =>
      console.warn("[live] delivery outcomes not announced:", error instanceof Error ? error.message : error),
    );
  }
}
