/**
 * Prisma writes timestamps as UTC into `timestamp` columns, and the hand-written statements
 * compare them with now(): a session in another zone (a developer's machine, a managed
 * database's default) would shift every lease, grace and retry time by its offset. The pool
 * pins its sessions to UTC whatever the server's default.
 */
import { Client } from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestDatabase, type DatabaseHandle } from "@/server/db/bootstrap";
import { db, pool } from "@/server/db/client";

let own: DatabaseHandle;
const shared = process.env.DATABASE_URL;

beforeAll(async () => {
  own = await startTestDatabase();
  // Fourteen hours ahead of UTC: the database's default for every new session.
  const admin = new Client({ connectionString: own.url });
  await admin.connect();
  await admin.query(`ALTER DATABASE "${new URL(own.url).pathname.slice(1)}" SET TimeZone = 'Pacific/Kiritimati'`);
  await admin.end();
  process.env.DATABASE_URL = own.url; // read on first use by the pool
}, 120_000);

afterAll(async () => {
  await db().$disconnect();
  await pool().end();
  process.env.DATABASE_URL = shared;
  await own.stop();
}, 60_000);

it("compares now() with what Prisma wrote in UTC, whatever the database's default zone", async () => {
  const plain = new Client({ connectionString: own.url });
  await plain.connect();
  expect((await plain.query<{ TimeZone: string }>("SHOW TimeZone")).rows[0]!.TimeZone).toBe("Pacific/Kiritimati");
  await plain.end();

  expect((await pool().query<{ TimeZone: string }>("SHOW TimeZone")).rows[0]!.TimeZone).toBe("UTC");
  const { rows } = await pool().query<{ now: string }>(`SELECT to_char(now()::timestamp, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS now`);
  expect(Math.abs(Date.parse(rows[0]!.now) - Date.now())).toBeLessThan(60_000);
  // Through Prisma too: the same sessions.
  const [row] = await db().$queryRaw<{ tz: string }[]>`SELECT current_setting('TimeZone') AS tz`;
  expect(row!.tz).toBe("UTC");
});
