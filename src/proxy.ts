/**
 * The hosted web chat's framing policy, per asset: /chat/{assetId} may be framed by the asset's
 * allowed origins (and the platform itself). Every other page refuses all framing through the
 * static `headers()` of next.config.js, whose source leaves exactly this route out.
 *
 * Next.js 16 Proxy (formerly Middleware) runs on the Node.js runtime, in the server's process, so it
 * shares the app's node-postgres pool. The lookup runs on every request: a changed list of allowed
 * origins applies on the next load.
 */
import { NextResponse, type NextRequest } from "next/server";
import { frameAncestorsPolicy } from "@/server/channels/frame-ancestors";
import { pool } from "@/server/db/client";

export async function proxy(request: NextRequest) {
  const response = NextResponse.next();
  const assetId = assetIdOf(request.nextUrl.pathname);
  if (assetId === null) return response;
  try {
    const { rows } = await pool().query<{ allowedOrigins: string[] }>(
      `SELECT "allowedOrigins" FROM "ChannelAsset" WHERE "id" = $1 AND "type" = 'WEB_CHAT'`,
      [assetId],
    );
    const asset = rows[0];
    // An unknown asset: the page answers 404, and there is nothing to embed.
    if (asset) response.headers.set("Content-Security-Policy", frameAncestorsPolicy(asset.allowedOrigins));
  } catch (error) {
    // Fail closed: without the list, only the platform's own pages may frame the chat.
    console.error("Hosted chat framing policy: lookup failed:", error);
    response.headers.set("Content-Security-Policy", "frame-ancestors 'self'");
  }
  return response;
}

/** The {assetId} of /chat/{assetId}, decoded as the page's params are; null if malformed. */
function assetIdOf(pathname: string): string | null {
  const segment = /^\/chat\/([^/]+)\/?$/.exec(pathname)?.[1];
  if (segment === undefined) return null;
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export const config = {
  matcher: "/chat/:assetId",
};
