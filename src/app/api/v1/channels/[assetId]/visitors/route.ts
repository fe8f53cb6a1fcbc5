import { requireChannel } from "@/server/conversations/load-channel";
import { issueVisitorToken } from "@/server/conversations/visitor-token";
import { publicBaseUrl } from "@/server/config/env";
import { pool } from "@/server/db/client";
import { ApiError, handleApi } from "@/server/http/json-api";
import { visitorIdentitySchema } from "@/server/conversations/channel-api-schemas";
import { jsonResponse } from "@/server/http/json-response";

/** The hosted web chat page gets a visitor identity and token here (kept in the browser). */
export function POST(request: Request, { params }: { params: Promise<{ assetId: string }> }) {
  return handleApi(async () => {
    const { assetId } = await params;
    const { asset } = await requireChannel(pool(), assetId);
    if (asset.type !== "WEB_CHAT") throw new ApiError(400, "NOT_WEB_CHAT", "Visitor tokens exist only for WEB_CHAT channels", "assetId");
    const origin = request.headers.get("origin");
    // The hosted chat page itself (also inside an iframe) calls from the platform's own origin.
    const ownOrigins = [new URL(publicBaseUrl()).origin, new URL(request.url).origin];
    if (asset.allowedOrigins.length > 0 && origin && !ownOrigins.includes(origin) && !asset.allowedOrigins.includes(origin)) {
      throw new ApiError(403, "ORIGIN_NOT_ALLOWED", `The origin ${origin} may not embed this chat`, "origin");
    }
    return jsonResponse(visitorIdentitySchema, issueVisitorToken(asset), { status: 201 });
  });
}
