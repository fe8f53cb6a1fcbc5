/**
 * The soak (issue 11, item 4): 200 messages/s offered for BENCH_SOAK_SECONDS (ten minutes by
 * default), reading the Next.js server's resident memory after the warm-up and at the end; a
 * leak anywhere on the path (the delivery pipeline's in-memory slots and queues, caches) shows
 * as growth. Memory is sampled along the way, so a ramp can be told from a leak.
 */
import { startBenchBot } from "./bench-bot";
import { drive } from "./drive";
import type { ScenarioContext } from "./scenario";
import { nextServerPid, rssMiB } from "./server";
import { row, verdict } from "./stats";
import { benchTenant, measure, warmUp } from "./tenant";

const RATE = 200;
const SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 600);
const SAMPLES = 10;
/** Warmed up at its own rate, so the start reading is the heap of this load, not of a faster burst. */
const WARM_UP_SECONDS = 15;

export async function soak(context: ScenarioContext) {
  const bot = await startBenchBot();
  try {
    const tenant = await benchTenant(context.base, bot);
    await warmUp(tenant, bot, RATE * WARM_UP_SECONDS, { connections: 100, rate: RATE });
    const pid = nextServerPid(context.serverPid);
    const amount = RATE * SECONDS;
    console.log(`\nsoak: ${RATE}/s offered for ${SECONDS} s (${amount} messages), memory of next-server (pid ${pid})`);

    const startRss = rssMiB(pid);
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(rssMiB(pid)), (SECONDS * 1000) / SAMPLES);
    const run = await measure(bot, () => drive(tenant.load({ connections: 100, rate: RATE }), amount), amount).finally(() => clearInterval(sampler));
    const endRss = rssMiB(pid);
    const change = (endRss - startRss) / startRss;
    const all = [startRss, ...samples, endRss];

    console.log(row(`soak, ${RATE}/s offered for ${SECONDS} s`, run.summary));
    console.log(
      `next-server RSS: ${startRss.toFixed(0)} MiB after warm-up → ${endRss.toFixed(0)} MiB at the end (${(change * 100).toFixed(1)} %); ` +
        `every ${(SECONDS / SAMPLES).toFixed(0)} s: ${samples.map((s) => s.toFixed(0)).join(", ")} MiB (min ${Math.min(...all).toFixed(0)}, max ${Math.max(...all).toFixed(0)})`,
    );
    console.log(verdict(Math.abs(change) <= 0.1, `memory flat within 10 % (${(change * 100).toFixed(1)} %)`));
  } finally {
    await bot.close();
  }
}
