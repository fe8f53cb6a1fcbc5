/** The one Prisma client of the app, on node-postgres through the driver adapter. */
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { env } from "@/server/config/env";

function createClient() {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: env().DATABASE_URL }) });
}

export type Db = ReturnType<typeof createClient>;

// Next's dev server re-evaluates modules on every change: keep one client per process.
const globalForPrisma = globalThis as unknown as { prisma?: Db };

export function db(): Db {
  globalForPrisma.prisma ??= createClient();
  return globalForPrisma.prisma;
}
