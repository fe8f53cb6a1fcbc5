/**
 * Why a delivery that is not DELIVERED waits, and until when, as the inspector shows it (issue
 * 11: nothing waits silently). Read from the delivery's row and its queue, following the rules
 * the claim applies (src/server/delivery/delivery-sql.ts): in flight while its claim lasts; held
 * while its integration is not ACTIVE; behind the earliest PENDING or HELD delivery of its queue
 * (same orderingKey: one conversation, one receiver); else due at nextAttemptAt.
 */
import { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db/client";

export type WaitReason =
  /** An attempt is being made now (its claim has not expired). */
  | { kind: "IN_FLIGHT"; attempt: number }
  /** An earlier delivery to the same receiver about the same conversation must finish first. */
  | { kind: "WAITING_BEHIND"; deliveryId: string }
  /** The retry schedule's next attempt: retry `retry` of `of` (DELIVERY_RETRY_SCHEDULE); null `at`: due now. */
  | { kind: "RETRY"; retry: number; of: number; at: Date | null }
  /** Never attempted; `at` when a busy receiver pushed it back a moment. */
  | { kind: "FIRST_ATTEMPT"; at: Date | null }
  /** The process making attempt `attempt` stopped before recording it: the next one is due now. */
  | { kind: "INTERRUPTED"; attempt: number }
  /** Attempt `attempt` starts a fresh schedule (a release after the integration was verified again). */
  | { kind: "DUE"; attempt: number; at: Date | null }
  /** Its integration is not ACTIVE: verifying it again releases the delivery, in order. */
  | { kind: "HELD"; integrationName: string | null; integrationStatus: string | null; reason: string | null }
  | { kind: "FAILED"; lastError: string | null };

export interface WaitFacts {
  id: string;
  state: "PENDING" | "DELIVERED" | "FAILED" | "HELD";
  seq: bigint;
  attempts: number;
  scheduleAttempts: number;
  nextAttemptAt: Date | null;
  claimedUntil: Date | null;
  lastError: string | null;
  integration: { name: string; status: string; deactivationReason: string | null } | null;
}

/** The earliest PENDING or HELD delivery of a queue. */
export interface QueueHead {
  id: string;
  seq: bigint;
}

export function waitReason(
  delivery: WaitFacts,
  head: QueueHead | undefined,
  context: { now: Date; retries: number },
): WaitReason | null {
  if (delivery.state === "DELIVERED") return null;
  if (delivery.state === "FAILED") return { kind: "FAILED", lastError: delivery.lastError };
  const held: WaitReason = {
    kind: "HELD",
    integrationName: delivery.integration?.name ?? null,
    integrationStatus: delivery.integration?.status ?? null,
    reason: delivery.integration?.deactivationReason ?? null,
  };
  if (delivery.state === "HELD") return held;
  if (delivery.claimedUntil && delivery.claimedUntil > context.now) return { kind: "IN_FLIGHT", attempt: delivery.attempts };
  // PENDING for an integration that is not ACTIVE: the claim refuses it and holds it.
  if (delivery.integration && delivery.integration.status !== "ACTIVE") return held;
  if (head && head.seq < delivery.seq) return { kind: "WAITING_BEHIND", deliveryId: head.id };
  if (delivery.claimedUntil) return { kind: "INTERRUPTED", attempt: delivery.attempts };
  if (delivery.attempts === 0) return { kind: "FIRST_ATTEMPT", at: delivery.nextAttemptAt };
  // A release starts a new schedule (src/server/delivery/release.ts): no attempt made in it yet.
  if (delivery.scheduleAttempts === 0) return { kind: "DUE", attempt: delivery.attempts + 1, at: delivery.nextAttemptAt };
  return { kind: "RETRY", retry: Math.min(delivery.scheduleAttempts, context.retries), of: context.retries, at: delivery.nextAttemptAt };
}

/**
 * The head of each queue among these ordering keys, in one statement on the
 * (orderingKey, seq) index, however many deliveries the conversation has.
 */
export async function queueHeads(db: Db, tenantId: string, orderingKeys: readonly string[]): Promise<Map<string, QueueHead>> {
  if (orderingKeys.length === 0) return new Map();
  const rows = await db.$queryRaw<{ id: string; orderingKey: string; seq: bigint }[]>`
    SELECT DISTINCT ON ("orderingKey") "id", "orderingKey", "seq" FROM "Delivery"
    WHERE "tenantId" = ${tenantId} AND "orderingKey" IN (${Prisma.join([...new Set(orderingKeys)])})
      AND "state" IN ('PENDING', 'HELD')
    ORDER BY "orderingKey", "seq"`;
  return new Map(rows.map((r) => [r.orderingKey, { id: r.id, seq: r.seq }]));
}
