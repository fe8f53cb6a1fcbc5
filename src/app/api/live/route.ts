import { sessionUserId } from "@/server/auth/request-session";
import { db } from "@/server/db/client";
import { clientIp } from "@/server/http/client-ip";
import { readCookie } from "@/server/http/cookies";
import { ApiError, handleApi } from "@/server/http/json-api";
import { sseResponse } from "@/server/http/sse-response";
import { streamRefusal } from "@/server/http/stream-refusal";
import { openStaffStream } from "@/server/live/open-streams";
import { CURRENT_TENANT_COOKIE, resolveCurrentMembership } from "@/server/tenancy/memberships";

export const dynamic = "force-dynamic";

/**
 * The signed-in member's live stream (Server-Sent Events) for the agent desk and the inspector:
 * what changed in their current organization, so the page refetches only that.
 */
export function GET(request: Request) {
  return handleApi(async () => {
    const userId = await sessionUserId(request);
    if (!userId) throw new ApiError(401, "UNAUTHORIZED", "Sign in to follow live changes", "session");
    const membership = await resolveCurrentMembership(db(), userId, readCookie(request.headers, CURRENT_TENANT_COOKIE));
    if (!membership) throw new ApiError(403, "FORBIDDEN", "You are not a member of any organization");
    const viewer = { userId, tenantId: membership.tenantId, role: membership.role };
    try {
      return sseResponse(request, (sink) => openStaffStream(sink, viewer, clientIp(request)));
    } catch (error) {
      const refused = streamRefusal(error);
      if (refused) return refused;
      throw error;
    }
  });
}
