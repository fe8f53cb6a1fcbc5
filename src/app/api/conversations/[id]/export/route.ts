import { db } from "@/server/db/client";
import { ApiError, handleApi } from "@/server/http/json-api";
import { signedInMember } from "@/server/http/signed-in-member";
import { timelineJson, transcriptOf } from "@/server/inspector/export";
import { getConversationTimeline } from "@/server/inspector/timeline";

export const dynamic = "force-dynamic";

/** One conversation, downloaded: `?format=json` (the default, its whole timeline) or `?format=text` (a transcript). */
export function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  return handleApi(async () => {
    const member = await signedInMember(request, "export conversations");
    const { id } = await context.params;
    const format = new URL(request.url).searchParams.get("format") ?? "json";
    if (format !== "json" && format !== "text") throw new ApiError(400, "INVALID_FIELD", 'format must be "json" or "text"', "format");
    const timeline = await getConversationTimeline(db(), member, id);
    const [body, type, extension] = format === "json" ? [timelineJson(timeline), "application/json", "json"] : [transcriptOf(timeline), "text/plain", "txt"];
    return new Response(body, {
      headers: {
        "content-type": `${type}; charset=utf-8`,
        "content-disposition": `attachment; filename="${timeline.conversation.id}.${extension}"`,
        "cache-control": "no-store",
      },
    });
  });
}
