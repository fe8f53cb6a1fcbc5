/**
 * Creates the next migration on machines without Prisma's engine binaries, where
 * `prisma migrate dev` cannot run: Prisma diffs prisma/schema.migrated.prisma (the schema
 * the committed migrations produce) against prisma/schema.prisma, the SQL is written as a
 * new migration, and the snapshot moves forward. The JS schema engine needs a reachable
 * server even for this, so a throw-away test database is started. Review the SQL, then
 * commit it with both schema files.
 *
 *   npm run db:migrate:new -- add_something
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startTestDatabase } from "../src/server/db/bootstrap";

const SCHEMA = "prisma/schema.prisma";
const SNAPSHOT = "prisma/schema.migrated.prisma";

async function main() {
  const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
  if (!name) throw new Error("Give the migration a name: npm run db:migrate:new -- add_something");
  const database = await startTestDatabase();
  try {
    const diff = spawnSync(
      process.execPath,
      ["node_modules/prisma/build/index.js", "migrate", "diff", "--from-schema-datamodel", SNAPSHOT, "--to-schema-datamodel", SCHEMA, "--script"],
      { env: { ...process.env, DATABASE_URL: database.url }, encoding: "utf8", timeout: 120_000 },
    );
    if (diff.status !== 0) throw new Error(diff.stderr || diff.stdout || "prisma migrate diff failed");
    const sql = diff.stdout.trim();
    if (!sql || sql.includes("This is an empty migration")) {
      console.log("prisma/schema.prisma matches the migrations: nothing to create.");
      return;
    }
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "migration.sql"), `${sql}\n`);
    copyFileSync(SCHEMA, SNAPSHOT);
    console.log(`Created ${dir}/migration.sql: review it, then commit it with ${SNAPSHOT}.`);
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
