import { messageCursorSchema } from "@/server/conversations/channel-api-schemas";
import { authenticateChannelCaller } from "@/server/conversations/channel-auth";
import { requireChannel } from "@/server/conversations/load-channel";
import { findVisitorCursor } from "@/server/conversations/visitor-messages";
import { db, pool } from "@/server/db/client";
import { clientIp } from "@/server/http/client-ip";
import { ApiError, bearerToken, handleApi, refuseUnstorable } from "@/server/http/json-api";
import { sseResponse } from "@/server/http/sse-response";
import { streamRefusal } from "@/server/http/stream-refusal";
import { openVisitorStream } from "@/server/live/open-streams";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ assetId: string }> };

/**
 * The web chat visitor's live stream (Server-Sent Events): each new message of their
 * conversations as an event `message` whose data is one row of GET /messages and whose id is the
 * message ID, so the stream resumes from Last-Event-ID (or ?after=) without a gap or a repeat.
 */
export function GET(request: Request, { params }: Params) {
  return handleApi(async () => {
    const { assetId } = await params;
    const url = new URL(request.url);
    const context = await requireChannel(pool(), assetId);
    // An EventSource cannot set headers: it sends the token in the URL.
    const caller = authenticateChannelCaller(context.asset, bearerToken(request) ?? url.searchParams.get("access_token"));
    if (caller.kind !== "VISITOR") throw new ApiError(403, "FORBIDDEN", "Only a web chat visitor has a message stream");
    const userId = url.searchParams.get("userId");
    if (userId !== null && userId !== caller.visitorId) {
      throw new ApiError(403, "FORBIDDEN", "A visitor can only follow their own conversation: userId must be the token's visitor", "userId");
    }

    // The browser's own Last-Event-ID (set on its reconnects) is newer than the URL's `after`.
    const lastEventId = request.headers.get("last-event-id")?.trim() || null;
    const afterId = lastEventId ?? (url.searchParams.get("after")?.trim() || null);
    const cursorField = lastEventId ? "Last-Event-ID" : "after";
    refuseUnstorable(afterId, cursorField);
    if (afterId && !messageCursorSchema.safeParse(afterId).success) throw new ApiError(400, "INVALID_FIELD", `${cursorField} is not a message ID`, cursorField);
    const scope = { tenantId: context.asset.tenantId, channelAssetId: assetId, visitorId: caller.visitorId };
    const after = afterId ? await findVisitorCursor(db(), scope, afterId) : null;
    if (afterId && !after) throw new ApiError(404, "NOT_FOUND", `No message ${afterId} in this visitor's conversation`, cursorField);

    try {
      return sseResponse(request, (sink) => openVisitorStream(sink, { ...scope, ip: clientIp(request), after }));
    } catch (error) {
      const refused = streamRefusal(error);
      if (refused) return refused;
      throw error;
    }
  });
}
