/**
 * The framing policy of a hosted web chat (/chat/{assetId}): which pages may show it in a frame.
 * Pure, so the proxy (src/proxy.ts) only looks the origins up and sets the header.
 *
 * - The platform's own pages may always frame it ('self'), to preview the chat.
 * - Allowed origins listed: exactly those, besides 'self'.
 * - No allowed origins ("any site may embed it"): `*`, which in CSP matches every http: and https:
 *   origin, that is every web site. It does not match opaque origins (data: URLs, sandboxed frames
 *   without allow-same-origin), file: pages or browser extensions.
 *
 * Every other page of the app refuses to be framed at all: see `headers()` in next.config.js.
 */

/** An origin as allowed-origins.ts stores it: scheme, host (ASCII, lower case) and optional port. */
const CSP_ORIGIN = /^https?:\/\/[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d{1,5})?$/;

/** The `frame-ancestors` sources for a WEB_CHAT asset's allowed origins. */
export function frameAncestorSources(allowedOrigins: readonly string[]): string[] {
  if (allowedOrigins.length === 0) return ["'self'", "*"];
  // Origins were normalized when saved; anything else (a ';' or a space would change the policy) is
  // left out rather than trusted. Leaving one out never widens the policy: 'self' stays the floor.
  const origins = allowedOrigins.filter((origin) => CSP_ORIGIN.test(origin));
  return ["'self'", ...new Set(origins)];
}

/** The Content-Security-Policy header value for the hosted web chat of those allowed origins. */
export function frameAncestorsPolicy(allowedOrigins: readonly string[]): string {
  return `frame-ancestors ${frameAncestorSources(allowedOrigins).join(" ")}`;
}
