/**
 * Writing deliveries into the outbox, inside the caller's transaction: the message and
 * what carries it out are committed together or not at all (docs/delivery.md).
 */
import type { Prisma } from "@/generated/prisma/client";
import { newDeliveryId } from "@/server/conversations/ids";
import { DELIVERY_PAYLOAD, keepOwnProtoKeys } from "@/server/db/own-proto-keys";
import type { Tx } from "@/server/db/tx";
import { hintReceiver } from "./receiver-hints";

export type DeliveryReceiver = { integrationId: string; held: boolean } | { channelAssetId: string };

export interface PlannedDelivery {
  receiver: DeliveryReceiver;
  conversationId: string;
  payload: Record<string, unknown>;
}

/** Deliveries to one receiver about one conversation go out in order. */
export function orderingKeyOf(conversationId: string, receiver: DeliveryReceiver): string {
  return `${conversationId}:${"integrationId" in receiver ? receiver.integrationId : receiver.channelAssetId}`;
}

export async function enqueueDeliveries(
  tx: Tx,
  tenantId: string,
  messageId: string | null,
  planned: PlannedDelivery[],
): Promise<string[]> {
  if (planned.length === 0) return [];
  const rows = planned.map((p) => ({
    id: newDeliveryId(),
    tenantId,
    messageId,
    conversationId: p.conversationId,
    orderingKey: orderingKeyOf(p.conversationId, p.receiver),
    payload: p.payload as Prisma.InputJsonObject,
    // Deliveries for an INACTIVE integration are held, not attempted, until it is verified again.
    state: "integrationId" in p.receiver && p.receiver.held ? ("HELD" as const) : ("PENDING" as const),
    integrationId: "integrationId" in p.receiver ? p.receiver.integrationId : null,
    channelAssetId: "channelAssetId" in p.receiver ? p.receiver.channelAssetId : null,
  }));
  await tx.delivery.createMany({ data: rows });
  await keepOwnProtoKeys(tx, DELIVERY_PAYLOAD, rows.map((r) => ({ id: r.id, value: r.payload })));
  const pending = rows.filter((r) => r.state === "PENDING");
  for (const row of pending) hintReceiver(row.id, row.integrationId ?? row.channelAssetId!);
  return pending.map((r) => r.id);
}
