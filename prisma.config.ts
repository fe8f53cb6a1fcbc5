import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

// `prisma generate` reads the schema's datasource URL and, without one, would try to
// download a query engine: any placeholder will do for generating. Migrations are
// always run by src/server/db/bootstrap.ts with the real URL.
process.env.DATABASE_URL ??= "postgresql://placeholder@127.0.0.1:5432/placeholder";

// The JS schema engine talks to Postgres through the driver adapter, so no engine
// binary is downloaded.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    // A short idle timeout lets the CLI exit as soon as it is done (pg keeps idle
    // connections, and so the process, alive for 10 s by default).
    return new PrismaPg({ connectionString: process.env.DATABASE_URL, idleTimeoutMillis: 50 });
  },
});
