/**
 * The app's database access: one node-postgres pool per process, used by the one Prisma
 * client (through the driver adapter) and, on the measured hot path (channel message →
 * bot webhook), by a few hand-written statements that do in one round trip what would
 * take Prisma several.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { Pool } from "pg";
import { PrismaClient } from "@/generated/prisma/client";
import { env } from "@/server/config/env";

function createClient(pool: Pool) {
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}

export type Db = ReturnType<typeof createClient>;

// Next's dev server re-evaluates modules on every change: keep one pool and client per process.
const globalForDb = globalThis as unknown as { pool?: Pool; prisma?: Db };

export function pool(): Pool {
  globalForDb.pool ??= new Pool({ connectionString: env().DATABASE_URL, max: 20 });
  return globalForDb.pool;
}

export function db(): Db {
  globalForDb.prisma ??= createClient(pool());
  return globalForDb.prisma;
}
