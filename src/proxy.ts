/**
 * Every page's Content-Security-Policy, with a fresh script nonce per request
 * (src/server/http/content-security-policy.ts), and its framing policy: no page may be framed,
 * except the hosted web chat (/chat/{assetId}), which its asset's allowed origins (and the
 * platform itself) may frame. Route handlers under /api get a static policy and the other
 * security headers from `headers()` in next.config.js.
 *
 * Next.js 16 Proxy (formerly Middleware) runs on the Node.js runtime, in the server's process, so it
 * shares the app's node-postgres pool. The chat's lookup runs on every load: a changed list of
 * allowed origins applies on the next load.
 */
import { NextResponse, type NextRequest } from "next/server";
import { frameAncestorSources } from "@/server/channels/frame-ancestors";
import { pool } from "@/server/db/client";
import { newNonce, pageContentSecurityPolicy } from "@/server/http/content-security-policy";

export async function proxy(request: NextRequest) {
  const nonce = newNonce();
  const policy = pageContentSecurityPolicy({
    nonce,
    frameAncestors: await frameAncestorsOf(request.nextUrl.pathname),
    development: process.env.NODE_ENV === "development",
  });
  // Next.js takes the nonce for its own scripts from the request's policy.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

/** Who may frame the page: nobody, or for a hosted chat its asset's allowed origins. */
async function frameAncestorsOf(pathname: string): Promise<readonly string[] | null> {
  const assetId = assetIdOf(pathname);
  if (assetId === null) return ["'none'"];
  try {
    const { rows } = await pool().query<{ allowedOrigins: string[] }>(
      `SELECT "allowedOrigins" FROM "ChannelAsset" WHERE "id" = $1 AND "type" = 'WEB_CHAT'`,
      [assetId],
    );
    const asset = rows[0];
    // An unknown asset: the page answers 404, and there is nothing to embed.
    return asset ? frameAncestorSources(asset.allowedOrigins) : null;
  } catch (error) {
    // Fail closed: without the list, only the platform's own pages may frame the chat.
    console.error("Hosted chat framing policy: lookup failed:", error);
    return ["'self'"];
  }
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

// Every page; not the route handlers (/api: next.config.js) nor the build's static files.
export const config = {
  matcher: "/((?!api/|_next/static/|_next/image/|favicon\\.ico).*)",
};
