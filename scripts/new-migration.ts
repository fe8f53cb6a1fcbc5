/**
 * Creates the next migration on machines without Prisma's engine binaries:
 * `prisma migrate dev` runs against an in-memory PGlite (prisma/pglite.config.ts), so
 * no server is touched. Review the SQL it writes, then commit it.
 *
 *   npm run db:migrate:new -- add_integrations
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";

/**
 * Indexes Prisma's schema language cannot express (partial unique indexes), written by
 * hand into migrations: Prisma would otherwise drop them in every new migration.
 */
const HAND_WRITTEN_INDEXES = ["Conversation_open_identity_key"];

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
if (!name) {
  console.error("Give the migration a name: npm run db:migrate:new -- add_something");
  process.exit(1);
}
const migrationDirs = () => new Set(readdirSync("prisma/migrations").filter((d) => /^\d/.test(d)));
const before = migrationDirs();
const run = spawnSync(
  process.execPath,
  ["node_modules/prisma/build/index.js", "migrate", "dev", "--create-only", "--name", name, "--config", "prisma/pglite.config.ts"],
  // `generate` reads the schema's datasource URL; PGlite ignores it.
  { env: { ...process.env, DATABASE_URL: "postgresql://pglite@127.0.0.1/pglite" }, encoding: "utf8" },
);
const created = [...migrationDirs()].filter((d) => !before.has(d));
if (created.length === 0) {
  console.error(run.stdout, run.stderr);
  console.error("No migration was created (is the schema already in step with the migrations?)");
  process.exit(1);
}
for (const dir of created) {
  const file = `prisma/migrations/${dir}/migration.sql`;
  const kept = readFileSync(file, "utf8")
    .split(/\n(?=-- )/)
    .filter((statement) => !HAND_WRITTEN_INDEXES.some((name) => statement.includes(`DROP INDEX "${name}"`)));
  writeFileSync(file, kept.join("\n"));
}
console.log(`Created prisma/migrations/${created.join(", ")}/migration.sql: review it, then commit it.`);
