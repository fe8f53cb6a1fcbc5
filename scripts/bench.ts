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
 */
import { spawn, spawnSync } from "node:child_process";
import http from "node:http";
import os from "node:os";
import autocannon from "autocannon";
import pg from "pg";
import { ensureLocalSecrets } from "../src/server/config/local-secrets";
import { startTestDatabase } from "../src/server/db/bootstrap";
import { startReceiver } from "../src/test/receiver";

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 3_000);
const LEVELS = (process.env.BENCH_LEVELS ?? "10,50,300/s").split(",").map(parseLevel);
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 2_000);
const PORT = Number(process.env.BENCH_PORT ?? 3300);
const BASE = `http://127.0.0.1:${PORT}`;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

interface Level {
  connections: number;
  /** Messages per second offered in all (open loop); unset: as fast as answered. */
  rate?: number;
}

function parseLevel(spec: string): Level {
  const rate = /^(\d+)\/s$/.exec(spec.trim());
  if (rate) return { connections: 100, rate: Number(rate[1]) };
  const connections = Number(spec);
  if (!Number.isInteger(connections) || connections < 1) throw new Error(`BENCH_LEVELS: "${spec}" is neither a number of connections nor a rate like 300/s`);
  return { connections };
}

interface Load extends Level {
  url: string;
  headers: Record<string, string>;
  body: (i: number) => string;
}

interface Driven {
  rps: number;
  non2xx: number;
  seconds: number;
}

/** Sends exactly `amount` POSTs at the level's concurrency or rate; returns req/s of 2xx answers. */
function drive(load: Load, amount: number): Promise<Driven> {
  return load.rate ? driveAtRate(load, load.rate, amount) : driveClosedLoop(load, amount);
}

async function driveClosedLoop(load: Load, amount: number): Promise<Driven> {
  let i = 0;
  const startedAt = performance.now();
  const result = await autocannon({
    url: load.url,
    connections: load.connections,
    amount,
    // It notices the last answer only at its next sample: every second by default.
    sampleInt: 20,
    method: "POST",
    headers: { "content-type": "application/json", ...load.headers },
    requests: [{ setupRequest: (request) => ({ ...request, body: load.body(i++) }) }],
  });
  const seconds = (performance.now() - startedAt) / 1000;
  return { rps: (result["2xx"] ?? 0) / seconds, non2xx: result.non2xx + result.errors + result.timeouts, seconds };
}

/**
 * Open loop: one request every 1/rate seconds, whether or not earlier ones were answered.
 * (autocannon's rate limit sends each second's requests in one burst at its start, which
 * measures the burst, not the rate.) The body is made at send time, so its timestamp is true.
 */
async function driveAtRate(load: Load, rate: number, amount: number): Promise<Driven> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: load.connections });
  const url = new URL(load.url);
  let sent = 0;
  let ok = 0;
  let failed = 0;
  const post = (body: string) =>
    new Promise<void>((resolve) => {
      const request = http.request(
        { host: url.hostname, port: url.port, path: url.pathname, method: "POST", agent, headers: { "content-type": "application/json", ...load.headers } },
        (response) => {
          response.resume();
          response.on("end", () => {
            if (response.statusCode && response.statusCode < 300) ok += 1;
            else failed += 1;
            resolve();
          });
        },
      );
      request.on("error", () => {
        failed += 1;
        resolve();
      });
      request.end(body);
    });
  const startedAt = performance.now();
  const inFlight: Promise<void>[] = [];
  await new Promise<void>((done) => {
    const tick = setInterval(() => {
      const due = Math.min(amount, Math.floor(((performance.now() - startedAt) / 1000) * rate));
      for (; sent < due; sent += 1) inFlight.push(post(load.body(sent)));
      if (sent >= amount) {
        clearInterval(tick);
        done();
      }
    }, 2);
  });
  await Promise.all(inFlight);
  agent.destroy();
  const seconds = (performance.now() - startedAt) / 1000;
  return { rps: ok / seconds, non2xx: failed, seconds };
}

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
    const channel = (level: Level): Load => ({
      url: channelUrl,
      ...level,
      headers: { authorization: `Bearer ${scene.channelSecret}` },
      // The send time rides in the message, so the bot's side can measure end to end.
      body: (i) => JSON.stringify({ userId: `customer-${i % 500}`, message: `t=${Date.now()}` }),
    });

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
    console.log(`${MESSAGES} messages per level through the channel API to a bot on 127.0.0.1\n`);
    const rows: string[] = [];
    for (const level of LEVELS) {
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
    if (pgStats) await printStatementStats(database.url);
  } finally {
    server.kill("SIGTERM");
    await bot.close();
    await new Promise((r) => setTimeout(r, 500));
    await database.stop();
  }
}

async function analyze(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("ANALYZE").finally(() => client.end());
}

/** The statements Postgres spent most time on (planning and executing), over the whole run. */
async function printStatementStats(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    const { rows } = await client.query<{ calls: string; plan_ms: number; exec_ms: number; query: string }>(
      `SELECT calls, round(total_plan_time::numeric, 0)::float AS plan_ms, round(total_exec_time::numeric, 0)::float AS exec_ms,
              regexp_replace(query, '\\s+', ' ', 'g') AS query
       FROM pg_stat_statements ORDER BY total_plan_time + total_exec_time DESC LIMIT 12`,
    );
    console.log("\nPostgres, top statements (calls | planning ms | executing ms | statement):");
    for (const row of rows) console.log(`${row.calls} | ${row.plan_ms} | ${row.exec_ms} | ${row.query.slice(0, 160)}`);
  } finally {
    await client.end();
  }
}

async function waitUntilUp(url: string) {
  for (let i = 0; i < 120; i += 1) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`The server did not start on ${url}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
