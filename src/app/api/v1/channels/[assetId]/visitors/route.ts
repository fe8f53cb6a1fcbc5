import { NextResponse } from "next/server";
import { requireChannel } from "@/server/conversations/load-channel";
import { issueVisitorToken } from "@/server/conversations/visitor-token";
import { db } from "@/server/db/client";
import { ApiError, handleApi } from "@/server/http/json-api";

/** The hosted web chat page gets a visitor identity and token here (kept in the browser). */
export function POST(request: Request, { params }: { params: Promise<{ assetId: string }> }) {
  return handleApi(async () => {
    const { assetId } = await params;
    const { asset } = await requireChannel(db(), assetId);
    if (asset.type !== "WEB_CHAT") throw new ApiError(400, "NOT_WEB_CHAT", "Visitor tokens exist only for WEB_CHAT channels", "assetId");
    const origin = request.headers.get("origin");
    if (asset.allowedOrigins.length > 0 && origin && !asset.allowedOrigins.includes(origin)) {
      throw new ApiError(403, "ORIGIN_NOT_ALLOWED", `The origin ${origin} may not embed this chat`, "origin");
    }
    return NextResponse.json(issueVisitorToken(asset.id), { status: 201 });
  });
}
