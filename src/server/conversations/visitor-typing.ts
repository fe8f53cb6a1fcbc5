/**
 * A web chat visitor typing (or stopping): the agent desk shows "Customer is typing…". Nothing
 * is written and, with the channel in memory, nothing is read: the event goes to the streams of
 * every process, where only the members of the channel's organization hear it.
 */
import { pool } from "@/server/db/client";
import { publish } from "@/server/live/publish";
import type { RoutingContext } from "./routing-context";

export async function announceVisitorTyping(asset: RoutingContext["asset"], visitorId: string, typing: boolean): Promise<void> {
  await publish(pool(), {
    type: "typing",
    tenantId: asset.tenantId,
    channelAssetId: asset.id,
    channelUserId: visitorId,
    conversationId: null,
    from: "CUSTOMER",
    typing,
  });
}
