/**
 * For test files that run a delivery runner: a database of their own, so that the runner (which
 * takes every due delivery it finds) never attempts another test file's deliveries, which run
 * at the same time on the run's shared database. Call at the top of the file, before anything
 * touches the database; the pool and the environment are read on first use.
 */
import { afterAll, beforeAll } from "vitest";
import { startTestDatabase, type DatabaseHandle } from "@/server/db/bootstrap";
import { db, pool } from "@/server/db/client";

export function withOwnDatabase(): void {
  let own: DatabaseHandle | undefined;
  const shared = process.env.DATABASE_URL;
  beforeAll(async () => {
    own = await startTestDatabase();
    process.env.DATABASE_URL = own.url;
  }, 120_000);
  afterAll(async () => {
    await db().$disconnect();
    await pool().end();
    process.env.DATABASE_URL = shared;
    await own?.stop();
  }, 60_000);
}
