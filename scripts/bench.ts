/**
 * The hot path, measured: customer message on the channel API → 202 → the bot's webhook.
 * Builds and starts the production server on a fresh embedded database, wires a tenant to
 * a stand-in bot on 127.0.0.1, and drives messages with autocannon at several concurrency
 * levels; then the same for the floor (a bare route handler writing one row).
 *
 *   npm run bench
 *   BENCH_MESSAGES=5000 BENCH_LEVELS=10,50,100,400/s npm run bench
 *
 * A level is a number of connections each sending as fast as it is answered (closed loop), or
 * a rate such as "300/s" offered whatever the answers (open loop, on up to 100 connections):
 * latency under a given load is read from the latter, as queueing inflates the former's.
 *   BENCH_PG_STATS=1 npm run bench      # also: where Postgres spent its time, per statement
 *
 * Scenarios (BENCH_SCENARIOS, default hot-path,noisy-neighbour,open-chats) run one after the
 * other on the same server: hot-path (the levels above), noisy-neighbour
 * (scripts/bench/noisy-neighbour.ts), soak (scripts/bench/soak.ts; ten minutes unless
 * BENCH_SOAK_SECONDS says otherwise), open-chats (scripts/bench/open-chats.ts; BENCH_OPEN_CHATS
 * visitors hold their live stream open).
 */
import { spawn, spawnSync } from "node:child_process";
import os from "node:os";
import { ensureLocalSecrets } from "../src/server/config/local-secrets";
import { startTestDatabase } from "../src/server/db/bootstrap";
import { startReceiver } from "../src/test/receiver";
import { drive, parseLevel, type Level } from "./bench/drive";
import { noisyNeighbour } from "./bench/noisy-neighbour";
import { openChats } from "./bench/open-chats";
import { analyze, printStatementStats } from "./bench/postgres";
import { selectedScenarios, type ScenarioContext } from "./bench/scenario";
import { waitUntilUp } from "./bench/server";
import { soak } from "./bench/soak";
import { percentile } from "./bench/stats";
import { channelLoad } from "./bench/tenant";

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 3_000);
const LEVELS = (process.env.BENCH_LEVELS ?? "10,50,300/s").split(",").map(parseLevel);
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 2_000);
const PORT = Number(process.env.BENCH_PORT ?? 3300);
const BASE = `http://127.0.0.1:${PORT}`;
const SCENARIOS = selectedScenarios();

async function main() {
  ensureLocalSecrets();
  const pgStats = process.env.BENCH_PG_STATS === "1";
  const database = await startTestDatabase(
    pgStats ? { postgresSettings: { shared_preload_libraries: "pg_stat_statements", "pg_stat_statements.track_planning": "on" } } : {},
  );
  process.env.DATABASE_URL = database.url;
  const env = { ...process.env, DATABASE_URL: database.url, NEXT_TELEMETRY_DISABLED: "1", ALLOW_PRIVATE_WEBHOOK_URLS: "true", BENCH_FLOOR: "1" };

  if (process.env.BENCH_SKIP_BUILD !== "1") {
    console.log("building the production server…");
    const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { env, stdio: "ignore" });
    if (build.status !== 0) throw new Error("next build failed: run `npm run build` to see why");
  }
  // BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profile the server alone.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const server = spawn(process.execPath, [...nodeArgs, "node_modules/next/dist/bin/next", "start", "-p", String(PORT)], {
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  let serverExit: number | null = null;
  server.on("exit", (code) => (serverExit = code ?? 1));
  const bot = await startReceiver();
  try {
    const { createChatScene } = await import("../src/test/chat-scene");
    const scene = await createChatScene({ action: "BOT", botUrl: bot.url });
    bot.reply({ status: 200, body: scene.bot.token });
    await waitUntilUp(`${BASE}/sign-in`);
    if (serverExit !== null) throw new Error(`The server exited (${serverExit}): is port ${PORT} taken? Set BENCH_PORT.`);
    const channelUrl = `${BASE}/api/v1/channels/${scene.asset.id}/messages`;
    const channel = (level: Level) => channelLoad(channelUrl, scene.channelSecret, level);

    const probe = await fetch(channelUrl, { method: "POST", headers: { authorization: `Bearer ${scene.channelSecret}`, "content-type": "application/json" }, body: JSON.stringify({ userId: "probe", message: "t=0" }) });
    if (probe.status !== 202) throw new Error(`The channel API answered ${probe.status}: ${await probe.text()}`);
    // Warm up the server's JIT and every pooled connection, then give the planner statistics
    // (a fresh database has none, and plans made for empty tables are slow for full ones).
    console.log(`warming up with ${WARM_UP} messages…`);
    const warm = await drive(channel({ connections: 10 }), WARM_UP);
    if (warm.non2xx > 0) throw new Error(`The channel API refused ${warm.non2xx} of ${WARM_UP} warm-up messages`);
    await bot.waitForRequests(WARM_UP, 60_000);
    await analyze(database.url);

    console.log(`\nmachine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
    // The warm-up above serves every scenario; the levels are the hot path's.
    const levels = SCENARIOS.has("hot-path") ? LEVELS : [];
    if (levels.length > 0) console.log(`${MESSAGES} messages per level through the channel API to a bot on 127.0.0.1\n`);
    const rows: string[] = [];
    for (const level of levels) {
      const start = bot.requests.length;
      const startedAt = Date.now();
      const accepted = await drive(channel(level), MESSAGES);
      const delivered = await bot.waitForRequests(start + MESSAGES - accepted.non2xx, 120_000);
      const batch = delivered.slice(start);
      const lastAt = Math.max(...batch.map((r) => r.receivedAt));
      const latencies = batch
        .map((r) => r.receivedAt - Number(String(r.body.Message).slice(2)))
        .filter(Number.isFinite)
        .sort((a, b) => a - b);
      const endToEnd = batch.length / ((lastAt - startedAt) / 1000);

      // The floor is only comparable when both run as fast as they are answered.
      const floor = level.rate
        ? null
        : await drive(
            {
              url: `${BASE}/api/bench/floor`,
              connections: level.connections,
              headers: {},
              body: (i) => JSON.stringify({ tenantId: scene.tenantId, assetId: scene.asset.id, userId: `floor-${i}`, message: "floor" }),
            },
            MESSAGES,
          );
      rows.push(
        [
          level.rate ? `${level.rate}/s offered` : `${level.connections} connections`,
          `accepted ${accepted.rps.toFixed(0)}/s`,
          `delivered end to end ${endToEnd.toFixed(0)}/s`,
          `channel API → bot p50 ${percentile(latencies, 50)} ms, p95 ${percentile(latencies, 95)} ms, p99 ${percentile(latencies, 99)} ms`,
          floor ? `floor ${floor.rps.toFixed(0)}/s, ratio ${(endToEnd / floor.rps).toFixed(2)}` : "floor —",
          `refused ${accepted.non2xx}`,
        ].join(" | "),
      );
      console.log(rows.at(-1));
    }
    const context: ScenarioContext = { base: BASE, databaseUrl: database.url, serverPid: server.pid! };
    if (SCENARIOS.has("noisy-neighbour")) await noisyNeighbour(context);
    if (SCENARIOS.has("soak")) await soak(context);
    if (SCENARIOS.has("open-chats")) await openChats(context);
    if (pgStats) await printStatementStats(database.url);
  } finally {
    server.kill("SIGTERM");
    await bot.close();
    await new Promise((r) => setTimeout(r, 500));
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
