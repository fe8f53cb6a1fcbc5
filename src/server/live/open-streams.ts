/**
 * Opening a stream: admitted by the registry (which may refuse: TooManyStreams), the process's
 * listener started if it was not, then the stream's first bytes. The caller has authenticated
 * the viewer and turned its cursor into a position; nothing here knows about HTTP.
 */
import { listVisitorMessagesAfter, VISITOR_PAGE_SIZE, type VisitorCursor, type VisitorScope } from "@/server/conversations/visitor-messages";
import { liveHub } from "./hub";
import type { LiveSink } from "./sink";
import { StaffStream } from "./staff-stream";
import type { Actor } from "@/server/tenancy/actor";
import { VisitorStream } from "./visitor-stream";

export interface VisitorStreamRequest extends VisitorScope {
  ip: string | null;
  after: VisitorCursor | null;
}

export function openVisitorStream(sink: LiveSink, request: VisitorStreamRequest): VisitorStream {
  const scope: VisitorScope = { tenantId: request.tenantId, channelAssetId: request.channelAssetId, visitorId: request.visitorId };
  const stream = new VisitorStream(
    sink,
    async (after, focus) => {
      const rows = await listVisitorMessagesAfter(scope, after, focus);
      return { rows, full: rows.length >= VISITOR_PAGE_SIZE };
    },
    request.after,
  );
  const hub = liveHub();
  hub.registry.admitVisitor(stream, { channelAssetId: scope.channelAssetId, visitorId: scope.visitorId, ip: request.ip });
  hub.listener.start();
  stream.start();
  return stream;
}

export function openStaffStream(sink: LiveSink, viewer: Actor, ip: string | null): StaffStream {
  const stream = new StaffStream(sink, viewer);
  const hub = liveHub();
  hub.registry.admitStaff(stream, { tenantId: viewer.tenantId, userId: viewer.userId, ip });
  hub.listener.start();
  stream.start();
  return stream;
}
