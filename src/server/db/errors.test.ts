/**
 * The errors a real PostgreSQL outage produces, through the app's own pool and Prisma client
 * (src/server/db/client.ts) on a private cluster this file stops and starts: each is recognised
 * as "database unavailable", ordinary query errors are not, an idle connection dying does not
 * crash the process, and the same pool works again once the server is back.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startPrivateTestDatabase, type PrivateTestDatabase } from "@/server/db/bootstrap";
import { db, pool } from "@/server/db/client";
import { isDatabaseUnavailable } from "@/server/db/errors";
import { DomainError } from "@/server/errors";

let database: PrivateTestDatabase;

const failure = (work: () => Promise<unknown>) =>
  work().then(
    () => {
      throw new Error("expected the query to fail");
    },
    (error: unknown) => error,
  );

beforeAll(async () => {
  database = await startPrivateTestDatabase();
  // Read on first use (src/server/config/env.ts): this file's pool and client use the private cluster.
  process.env.DATABASE_URL = database.url;
}, 60_000);

afterAll(async () => {
  await db().$disconnect();
  await pool().end();
  await database?.stop();
});

describe("isDatabaseUnavailable", () => {
  it("is false for errors of a working database", async () => {
    expect(isDatabaseUnavailable(await failure(() => pool().query("SELEC 1")))).toBe(false);
    expect(isDatabaseUnavailable(await failure(() => db().$queryRaw`SELECT 1/0`))).toBe(false);
    expect(isDatabaseUnavailable(await failure(() => db().user.create({ data: { email: "" } as never })))).toBe(false);
    expect(isDatabaseUnavailable(new DomainError("NOT_FOUND", "Channel not found"))).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
  });

  it("recognises every error of a restart, survives idle connections dying, and works again afterwards", async () => {
    // Four connections at once, so that two stay idle while two run the queries below.
    await Promise.all(Array.from({ length: 4 }, () => pool().query("SELECT pg_sleep(0.05)")));
    // No listener of the test's own: the pool's (client.ts) alone must keep the process alive.
    const logged = vi.spyOn(console, "error");

    // Queries in flight when the server shuts down (SQLSTATE 57P01, or the connection just closes).
    const inFlight = [failure(() => pool().query("SELECT pg_sleep(10)")), failure(() => db().$queryRaw`SELECT pg_sleep(10)`)];
    await new Promise((r) => setTimeout(r, 300));
    await database.stopServer();
    for (const error of await Promise.all(inFlight)) expect(isDatabaseUnavailable(error), String(error)).toBe(true);

    // While it is down: refused connections, through node-postgres and through every Prisma path.
    const whileDown = await Promise.all([
      failure(() => pool().query("SELECT 1")),
      failure(() => db().$queryRaw`SELECT 1`),
      failure(() => db().user.findFirst()),
      failure(() => db().$transaction(async (tx) => tx.user.count())),
    ]);
    for (const error of whileDown) expect(isDatabaseUnavailable(error), String(error)).toBe(true);

    // The idle clients died with the server: one line, and the process is still here.
    const lines = logged.mock.calls.map((args) => String(args[0])).filter((line) => line.startsWith("[db] an idle database connection was lost"));
    expect(lines).toHaveLength(1);
    logged.mockRestore();

    await database.startServer();
    const [{ rows }, users] = await Promise.all([pool().query<{ one: number }>("SELECT 1 AS one"), db().user.count()]);
    expect(rows[0]?.one).toBe(1);
    expect(users).toBe(0);
  }, 60_000);
});
