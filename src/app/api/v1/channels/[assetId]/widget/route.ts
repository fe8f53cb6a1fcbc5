import { findPublicWidget, mayEmbed } from "@/server/channels/public-widget";
import { publicBaseUrl } from "@/server/config/env";
import { db } from "@/server/db/client";
import { ApiError, handleApi } from "@/server/http/json-api";
import { widgetSettingsSchema } from "@/server/conversations/channel-api-schemas";
import { jsonResponse } from "@/server/http/json-response";

/**
 * The embed script's settings (src/app/widget.js/route.ts): the launcher's look and the hosted
 * chat's URL, for a page whose origin may embed the chat. Readable cross-origin by exactly that
 * origin; any other gets a JSON 403 (and, without the CORS header, its page cannot read even that).
 */
export function GET(request: Request, { params }: { params: Promise<{ assetId: string }> }) {
  return handleApi(async () => {
    const { assetId } = await params;
    const found = await findPublicWidget(db(), assetId);
    if (!found) throw new ApiError(404, "NOT_FOUND", `No web chat channel ${assetId}`, "assetId");
    const origin = request.headers.get("origin");
    const ownOrigins = [new URL(publicBaseUrl()).origin, new URL(request.url).origin];
    if (!mayEmbed(found.allowedOrigins, origin, ownOrigins)) {
      throw new ApiError(403, "ORIGIN_NOT_ALLOWED", `The origin ${origin} may not embed this chat: add it to the channel's allowed origins`, "origin");
    }
    return jsonResponse(widgetSettingsSchema, found.widget, {
      headers: {
        ...(origin ? { "access-control-allow-origin": origin } : {}),
        vary: "Origin",
        // A changed look or list of origins shows within a minute.
        "cache-control": "public, max-age=60",
      },
    });
  });
}
