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
  globalForDb.pool ??= createPool();
  return globalForDb.pool;
}

function createPool(): Pool {
  // A bounded wait for a connection: while the database is unreachable a request fails within
  // seconds (503, src/server/db/errors.ts) instead of hanging until the OS gives up on the socket.
  // Sessions in UTC whatever the server's default: Prisma writes UTC into `timestamp` columns
  // and the hand-written statements compare them with now() (leases, graces, retries).
  const created = new Pool({ connectionString: env().DATABASE_URL, max: 20, connectionTimeoutMillis: 5_000, options: "-c TimeZone=UTC" });
  // An idle client whose connection dies (Postgres restarted, connection terminated) is reported
  // here; without a listener node-postgres' 'error' event would crash the process. The pool has
  // already dropped that client and connects afresh on the next query.
  created.on("error", (error) => logConnectionLost(error));
  return created;
}

let lastLoggedAt = 0;
/** One line per outage, not one per idle client (up to `max` of them die together). */
function logConnectionLost(error: Error): void {
  if (Date.now() - lastLoggedAt < 10_000) return;
  lastLoggedAt = Date.now();
  console.error(`[db] an idle database connection was lost (${error.message}); new queries reconnect`);
}

export function db(): Db {
  globalForDb.prisma ??= createClient(pool());
  return globalForDb.prisma;
}
