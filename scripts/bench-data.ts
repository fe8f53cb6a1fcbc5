/**
 * The inspector's reads as history grows: a fresh database is grown (set-based SQL, one tenant,
 * every conversation 10 messages, 10 deliveries and 10 attempts, one in a hundred customer
 * messages unrouted) to each size in turn, and at each size this prints the median of five
 * calls of each read the inspector and the health page make, server side (the same domain
 * functions the tRPC routers call), and the hot path's throughput through the production
 * server (the accept path must not slow down as the tables grow).
 *
 *   npm run bench:data
 *   BENCH_DATA_SIZES=10000,100000 BENCH_SKIP_BUILD=1 npm run bench:data
 *
 * A size is a number of messages. BENCH_DATA_HOT_PATH=0 leaves the hot path out.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { ensureLocalSecrets } from "../src/server/config/local-secrets";
import { startTestDatabase } from "../src/server/db/bootstrap";
import { startBenchBot } from "./bench/bench-bot";
import { drive } from "./bench/drive";
import { waitUntilUp } from "./bench/server";
import { channelLoad } from "./bench/tenant";

const SIZES = (process.env.BENCH_DATA_SIZES ?? "10000,1000000").split(",").map(Number);
const HOT_PATH = process.env.BENCH_DATA_HOT_PATH !== "0";
const PORT = Number(process.env.BENCH_PORT ?? 3340);
const BATCH = 20_000; // conversations per INSERT … SELECT: bounded memory and WAL per statement

type Read = { name: string; run: () => Promise<unknown> };

async function main() {
  ensureLocalSecrets();
  const database = await startTestDatabase();
  process.env.DATABASE_URL = database.url;
  // Imported late: the database client reads DATABASE_URL, set just above.
  const { db, pool } = await import("../src/server/db/client");
  const { createChatScene } = await import("../src/test/chat-scene");
  const { listConversations, listUnrouted } = await import("../src/server/inspector/list");
  const { getConversationTimeline } = await import("../src/server/inspector/timeline");
  const { integrationHealth } = await import("../src/server/integrations/health");
  const { listConversationsSchema, listUnroutedSchema, searchMessagesSchema } = await import("../src/server/inspector/schemas");
  const { searchMessages } = await import("../src/server/inspector/search");
  const { attemptChart, rollUpAttempts, successSparklines } = await import("../src/server/integrations/attempt-buckets");
  const { applyRetention } = await import("../src/server/conversations/retention");

  const bot = await startBenchBot();
  const scene = await createChatScene({ action: "BOT", botUrl: bot.url });
  bot.answerWith(scene.bot.token);
  let server: ChildProcess | undefined;
  try {
    if (HOT_PATH) server = await startServer(database.url);
    const tenantId = scene.tenantId;
    // The reads are the routers' own: they take the caller as the tRPC context builds it.
    const viewer = { userId: scene.ownerId, tenantId, role: "VIEWER" as const };
    const list = (filters: Record<string, unknown>) => listConversations(db(), viewer, listConversationsSchema.parse(filters));
    let grown = 0;
    const table: string[][] = [];
    const housekeeping: string[] = [];
    for (const size of SIZES) {
      const conversations = Math.ceil(size / 10);
      const started = Date.now();
      while (grown < conversations) {
        const count = Math.min(BATCH, conversations - grown);
        await grow(pool(), scene, grown, count);
        grown += count;
        process.stdout.write(`\rgrowing to ${size.toLocaleString("en")} messages: ${(grown * 10).toLocaleString("en")}`);
      }
      await pool().query("ANALYZE");
      console.log(` (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      // The minute job's roll-up: the first run over the last 7 days (the grown history is older
      // than the buckets the hot path's server wrote, so they go first), then a steady run.
      await pool().query(`DELETE FROM "AttemptBucket"`);
      const first = await timed(() => rollUpAttempts(db()));
      const steady = await timed(() => rollUpAttempts(db()));
      housekeeping.push(`${size.toLocaleString("en")} messages: attempt roll-up ${first.ms} ms for the first run (${first.value?.buckets ?? 0} buckets), ${steady.ms} ms for a steady run`);

      const firstPage = await list({});
      const someone = `customer-${Math.floor(grown / 2)}`;
      const middle = `cnv_bench_${String(Math.floor(grown / 2)).padStart(8, "0")}`;
      const reads: Read[] = [
        { name: "first page", run: () => list({}) },
        { name: "next page", run: () => list({ cursor: firstPage.nextCursor }) },
        { name: "by channel user", run: () => list({ channelUserId: someone }) },
        { name: "by integration + OPEN", run: () => list({ integrationId: scene.bot.id, status: "OPEN" }) },
        { name: "by channel + CLOSED", run: () => list({ channelAssetId: scene.asset.id, status: "CLOSED" }) },
        { name: "with a FAILED delivery", run: () => list({ deliveryState: "FAILED" }) },
        { name: "last 24 h", run: () => list({ from: new Date(Date.now() - 86_400_000) }) },
        { name: "timeline", run: () => getConversationTimeline(db(), viewer, middle) },
        { name: "unrouted", run: () => listUnrouted(db(), viewer, listUnroutedSchema.parse({})) },
        { name: "integration health", run: () => integrationHealth(db(), viewer, scene.bot.id) },
        { name: "health chart 24 h", run: () => attemptChart(db(), viewer, scene.bot.id, "24h") },
        { name: "health chart 7 d", run: () => attemptChart(db(), viewer, scene.bot.id, "7d") },
        { name: "sparklines", run: () => successSparklines(db(), viewer, [scene.bot.id]) },
        // A word in a few messages, and one in every message (its ranking reads a bounded number).
        { name: "text search (rare word)", run: () => searchMessages(db(), viewer, searchMessagesSchema.parse({ query: "4242" })) },
        { name: "text search (common word)", run: () => searchMessages(db(), viewer, searchMessagesSchema.parse({ query: "order" })) },
      ];
      const row = [`${size.toLocaleString("en")} messages`];
      for (const read of reads) row.push(`${await median(read.run)} ms`);
      if (server) row.push(`${await hotPath(scene)}/s`);
      table.push(row);
    }
    const header = ["size", "first page", "next page", "by channel user", "by integration + OPEN", "by channel + CLOSED", "with a FAILED delivery", "last 24 h", "timeline", "unrouted", "integration health", "health chart 24 h", "health chart 7 d", "sparklines", "text search (rare word)", "text search (common word)"];
    if (server) header.push("hot path (10 connections)");
    console.log(`\n| ${header.join(" | ")} |\n| ${header.map(() => "---").join(" | ")} |`);
    for (const row of table) console.log(`| ${row.join(" | ")} |`);
    // Retention at the last size: conversations older than 85 days (the first few days of the 90 grown), in batches of 500.
    const retention = await timed(() => applyRetention(db(), tenantId, 85, { budgetMs: 60_000 }));
    const batches = Math.max(1, Math.ceil((retention.value?.deleted ?? 0) / 500));
    housekeeping.push(
      `retention: ${retention.value?.deleted.toLocaleString("en")} conversations and unrouted messages deleted in ${retention.ms} ms, ${Math.round(retention.ms / batches)} ms per batch of 500`,
    );
    console.log(`\n${housekeeping.map((line) => `- ${line}`).join("\n")}`);
  } finally {
    server?.kill("SIGTERM");
    await bot.close();
    await database.stop();
  }

  async function hotPath(target: { asset: { id: string }; channelSecret: string }) {
    const url = `http://127.0.0.1:${PORT}/api/v1/channels/${target.asset.id}/messages`;
    await drive(channelLoad(url, target.channelSecret, { connections: 10 }), 500); // warm
    const run = await drive(channelLoad(url, target.channelSecret, { connections: 10 }), 2_000);
    return Math.round(run.rps);
  }
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: Math.round(performance.now() - started), value };
}

/** Median of five calls after one warm-up, in whole milliseconds. */
async function median(run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[2]!);
}

interface GrowScene {
  tenantId: string;
  bot: { id: string };
  asset: { id: string };
  service: { id: string };
  rule: { id: string };
}

/**
 * Conversations [from, from + count) with their history, one statement per table. Times spread
 * over the last 90 days, oldest first; one in ten conversations is still OPEN, one delivery in
 * fifty FAILED.
 */
async function grow(pool: import("pg").Pool, scene: GrowScene, from: number, count: number) {
  // $1 first conversation number, $2 how many, then each statement's own values.
  const range = [from, count];
  const at = `now() - interval '90 days' + (c.n * interval '77 seconds')`;
  const conversations = `SELECT n, 'cnv_bench_' || lpad(n::text, 8, '0') AS id FROM generate_series($1::int, $1::int + $2::int - 1) n`;
  const unrouted = `m = 9 AND c.n % 100 = 0`;
  const failed = `(c.n * 10 + m) % 50 = 0`;
  await pool.query(
    `INSERT INTO "Conversation" ("id", "tenantId", "kind", "status", "channelAssetId", "channelUserId", "serviceId", "integrationId", "ruleId", "createdAt", "lastActivityAt", "closedAt")
     SELECT c.id, $3, 'BOT', CASE WHEN c.n % 10 = 0 THEN 'OPEN' ELSE 'CLOSED' END::"ConversationStatus", $4, 'customer-' || c.n, $5, $6, $7,
            ${at}, ${at} + interval '60 seconds', CASE WHEN c.n % 10 = 0 THEN NULL ELSE ${at} + interval '60 seconds' END
     FROM (${conversations}) c`,
    [...range, scene.tenantId, scene.asset.id, scene.service.id, scene.bot.id, scene.rule.id],
  );
  await pool.query(
    `INSERT INTO "Message" ("id", "tenantId", "conversationId", "channelAssetId", "channelUserId", "sender", "kind", "text", "createdAt")
     SELECT 'msg_bench_' || c.n || '_' || m, $3, CASE WHEN ${unrouted} THEN NULL ELSE c.id END, $4, 'customer-' || c.n,
            CASE WHEN m % 2 = 0 THEN 'CUSTOMER' ELSE 'BOT' END::"MessageSender", CASE WHEN ${unrouted} THEN 'UNROUTED' ELSE 'MESSAGE' END::"MessageKind",
            'message ' || m || ' of conversation ' || c.n || ' about order ' || (c.n * 7919 % 100000), ${at} + m * interval '6 seconds'
     FROM (${conversations}) c CROSS JOIN generate_series(0, 9) m`,
    [...range, scene.tenantId, scene.asset.id],
  );
  await pool.query(
    `INSERT INTO "Delivery" ("id", "tenantId", "integrationId", "conversationId", "messageId", "orderingKey", "payload", "state", "attempts",
                             "createdAt", "updatedAt", "deliveredAt", "lastAttemptAt", "firstAttemptAt")
     SELECT 'dlv_bench_' || c.n || '_' || m, $3, $4, c.id, 'msg_bench_' || c.n || '_' || m, c.id || ':' || $4, '{"Event":"Incoming message"}'::jsonb,
            CASE WHEN ${failed} THEN 'FAILED' ELSE 'DELIVERED' END::"DeliveryState", 1, t.at, t.at, CASE WHEN ${failed} THEN NULL ELSE t.at END, t.at, t.at
     FROM (${conversations}) c CROSS JOIN generate_series(0, 9) m CROSS JOIN LATERAL (SELECT ${at} + m * interval '6 seconds' AS at) t
     WHERE NOT (${unrouted})`,
    [...range, scene.tenantId, scene.bot.id],
  );
  await pool.query(
    `INSERT INTO "DeliveryAttempt" ("id", "deliveryId", "integrationId", "number", "startedAt", "durationMs", "statusCode")
     SELECT 'att_bench_' || c.n || '_' || m, 'dlv_bench_' || c.n || '_' || m, $3, 1, ${at} + m * interval '6 seconds', 5 + (c.n + m) % 40,
            CASE WHEN ${failed} THEN 500 ELSE 200 END
     FROM (${conversations}) c CROSS JOIN generate_series(0, 9) m
     WHERE NOT (${unrouted})`,
    [...range, scene.bot.id],
  );
}

async function startServer(databaseUrl: string): Promise<ChildProcess> {
  const env = { ...process.env, DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: "1", ALLOW_PRIVATE_WEBHOOK_URLS: "true" };
  if (process.env.BENCH_SKIP_BUILD !== "1") {
    console.log("building the production server…");
    const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { env, stdio: "ignore" });
    if (build.status !== 0) throw new Error("next build failed: run `npm run build` to see why");
  }
  const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(PORT)], { env, stdio: ["ignore", "ignore", "inherit"] });
  await waitUntilUp(`http://127.0.0.1:${PORT}/sign-in`);
  return server;
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
