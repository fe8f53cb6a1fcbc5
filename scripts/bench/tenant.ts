/** A tenant of its own for a scenario: channel → BOT rule → a bench bot, and its channel API load. */
import type { BenchBot } from "./bench-bot";
import { drive, type Level, type Load } from "./drive";
import type { Delivered } from "./bench-bot";
import { summarise, type RunSummary } from "./stats";

/** A customer message; its send time rides in it, so the bot's side can measure end to end. */
export const channelLoad = (url: string, channelSecret: string, level: Level): Load => ({
  url,
  ...level,
  headers: { authorization: `Bearer ${channelSecret}` },
  body: (i) => JSON.stringify({ userId: `customer-${i % 500}`, message: `t=${Date.now()}` }),
});

export interface BenchTenant {
  botIntegrationId: string;
  load: (level: Level) => Load;
}

export async function benchTenant(base: string, bot: BenchBot): Promise<BenchTenant> {
  // Imported late: the database client reads DATABASE_URL, which scripts/bench.ts sets first.
  const { createChatScene } = await import("../../src/test/chat-scene");
  const scene = await createChatScene({ action: "BOT", botUrl: bot.url });
  bot.answerWith(scene.bot.token);
  const url = `${base}/api/v1/channels/${scene.asset.id}/messages`;
  return { botIntegrationId: scene.bot.id, load: (level) => channelLoad(url, scene.channelSecret, level) };
}

/** Warms a new tenant's routing context and the server's connections to its bot. */
export async function warmUp(tenant: BenchTenant, bot: BenchBot, messages: number, level: Level = { connections: 10 }) {
  const start = bot.received.length;
  const warm = await drive(tenant.load(level), messages);
  if (warm.non2xx > 0) throw new Error(`The channel API refused ${warm.non2xx} of ${messages} warm-up messages`);
  await bot.waitForCount(start + messages, 60_000);
}

/** Runs `send` and waits until the bot has every message it accepted; the batch and its figures. */
export async function measure(bot: BenchBot, send: () => Promise<RunSummary["accepted"]>, amount: number) {
  const start = bot.received.length;
  const startedAt = Date.now();
  const accepted = await send();
  await bot.waitForCount(start + amount - accepted.non2xx, 120_000);
  const batch: Delivered[] = bot.received.slice(start);
  return { batch, startedAt, summary: summarise(accepted, batch, startedAt) };
}
