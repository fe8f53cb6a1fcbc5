/**
 * The hot path, measured: customer message on the channel API → 202 → the bot's webhook.
 * Builds and starts the production server on a fresh database, wires a tenant to a
 * stand-in bot on 127.0.0.1, then sends a bounded number of messages at a fixed concurrency.
 *
 *   npm run bench                      # 2,000 messages, 20 at a time
 *   BENCH_MESSAGES=5000 BENCH_CONCURRENCY=50 npm run bench
 */
import { spawn, spawnSync } from "node:child_process";
import { ensureLocalSecrets } from "../src/server/config/local-secrets";
import { startTestDatabase } from "../src/server/db/bootstrap";
import { startReceiver } from "../src/test/receiver";

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const PORT = Number(process.env.BENCH_PORT ?? 3300);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main() {
  ensureLocalSecrets();
  const database = await startTestDatabase();
  process.env.DATABASE_URL = database.url;
  const env = { ...process.env, DATABASE_URL: database.url, NEXT_TELEMETRY_DISABLED: "1", ALLOW_PRIVATE_WEBHOOK_URLS: "true" };

  if (process.env.BENCH_SKIP_BUILD !== "1") {
    console.log("building the production server…");
    const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { env, stdio: "ignore" });
    if (build.status !== 0) throw new Error("next build failed");
  }
  const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(PORT)], { env, stdio: "ignore" });
  const bot = await startReceiver();
  try {
    const { createChatScene } = await import("../src/test/chat-scene");
    const scene = await createChatScene({ action: "BOT", botUrl: bot.url });
    bot.reply({ status: 200, body: scene.bot.token });
    const url = `http://127.0.0.1:${PORT}/api/v1/channels/${scene.asset.id}/messages`;
    await waitUntilUp(`http://127.0.0.1:${PORT}/sign-in`);

    const send = (i: number) =>
      fetch(url, {
        method: "POST",
        headers: { authorization: `Bearer ${scene.channelSecret}`, "content-type": "application/json" },
        body: JSON.stringify({ userId: `customer-${i % 200}`, message: `message ${i}` }),
      });
    for (let i = 0; i < 50; i += 1) await (await send(-1 - i)).arrayBuffer(); // warm-up
    await bot.waitForRequests(50, 30_000);
    const baseline = bot.requests.length;

    const sentAt = new Map<string, number>();
    const acceptLatencies: number[] = [];
    let next = 0;
    let failures = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < MESSAGES) {
          const i = next++;
          const t0 = performance.now();
          const response = await send(i);
          const body = (await response.json()) as { messageId?: string };
          acceptLatencies.push(performance.now() - t0);
          if (response.status !== 202 || !body.messageId) failures += 1;
          else sentAt.set(body.messageId, Date.now() - (performance.now() - t0));
        }
      }),
    );
    const acceptSeconds = (performance.now() - started) / 1000;
    await bot.waitForRequests(baseline + MESSAGES - failures, 120_000);
    const totalSeconds = (performance.now() - started) / 1000;
    const endToEnd = bot.requests
      .slice(baseline)
      .map((r) => r.receivedAt - (sentAt.get(String(r.body.Messageid)) ?? r.receivedAt))
      .sort((a, b) => a - b);
    acceptLatencies.sort((a, b) => a - b);

    console.log(`\n${MESSAGES} messages, ${CONCURRENCY} concurrent, ${failures} refused`);
    console.log(`accepted (202):      ${(MESSAGES / acceptSeconds).toFixed(0)} messages/s; latency p50 ${percentile(acceptLatencies, 50).toFixed(1)} ms, p95 ${percentile(acceptLatencies, 95).toFixed(1)} ms, p99 ${percentile(acceptLatencies, 99).toFixed(1)} ms`);
    console.log(`delivered to the bot: ${((MESSAGES - failures) / totalSeconds).toFixed(0)} messages/s; message → bot p50 ${percentile(endToEnd, 50).toFixed(0)} ms, p95 ${percentile(endToEnd, 95).toFixed(0)} ms`);
  } finally {
    server.kill("SIGTERM");
    await bot.close();
    await new Promise((r) => setTimeout(r, 500));
    await database.stop();
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
