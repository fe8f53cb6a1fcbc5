/**
 * One conversation as support staff inspect it: its header (channel, service, integration,
 * the linked BOT or CCSP conversations) and a timeline merging its messages, its events and
 * every outbound delivery with all its attempts. Read by timeline-load.ts, built by
 * timeline-build.ts; the shapes are in timeline-views.ts.
 */
import { env } from "@/server/config/env";
import type { Db } from "@/server/db/client";
import { hasRole } from "@/server/tenancy/roles";
import { buildTimeline } from "./timeline-build";
import { loadTimelineRows } from "./timeline-load";
import type { ConversationTimeline } from "./timeline-views";
import type { Actor } from "@/server/tenancy/actor";

export { TIMELINE_DELIVERY_LIMIT, TIMELINE_MESSAGE_LIMIT } from "./timeline-load";
export type * from "./timeline-views";

export async function getConversationTimeline(db: Db, viewer: Actor, conversationId: string): Promise<ConversationTimeline> {
  const rows = await loadTimelineRows(db, viewer.tenantId, conversationId);
  return buildTimeline(rows, { now: new Date(), retries: env().DELIVERY_RETRY_SCHEDULE.length, canReplay: hasRole(viewer.role, "ADMIN") });
}
