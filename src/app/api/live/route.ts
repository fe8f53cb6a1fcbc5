import { clientIp } from "@/server/http/client-ip";
import { handleApi } from "@/server/http/json-api";
import { signedInMember } from "@/server/http/signed-in-member";
import { sseResponse } from "@/server/http/sse-response";
import { streamRefusal } from "@/server/http/stream-refusal";
import { openStaffStream } from "@/server/live/open-streams";

export const dynamic = "force-dynamic";

/**
 * The signed-in member's live stream (Server-Sent Events) for the agent desk and the inspector:
 * what changed in their current organization, so the page refetches only that.
 */
export function GET(request: Request) {
  return handleApi(async () => {
    const viewer = await signedInMember(request, "follow live changes");
    try {
      return sseResponse(request, (sink) => openStaffStream(sink, viewer, clientIp(request)));
    } catch (error) {
      const refused = streamRefusal(error);
      if (refused) return refused;
      throw error;
    }
  });
}
