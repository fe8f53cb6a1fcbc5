/**
 * Open chats (issue 12, item 5): N web chat visitors hold their live stream open (N =
 * BENCH_OPEN_CHATS, 1,000 by default, each from an address of its own) while the offered load
 * runs: visitors write at BENCH_OPEN_CHATS_RATE (200/s) through the channel API, and the bot
 * answers every message through its webhook. Measured with no stream open, then with N:
 * delivered/s and channel API → bot latency (as the hot path), bot reply → visitor's stream
 * latency, next-server's memory and its CPU while the N streams sit idle.
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { ScenarioContext } from "./scenario";
import { nextServerPid, rssMiB } from "./server";
import { percentile, verdict } from "./stats";

const OPEN = Number(process.env.BENCH_OPEN_CHATS ?? 1_000);
const RATE = Number(process.env.BENCH_OPEN_CHATS_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_OPEN_CHATS_SECONDS ?? 20);
/** The bot answers one message in this many (1: every message, as in a chat). */
const REPLY_EVERY = Number(process.env.BENCH_OPEN_CHATS_REPLY_EVERY ?? 10);
/** Visitors who write (and whose streams are open in the second run): at least this many. */
const MIN_WRITERS = 200;
const IDLE_SECONDS = 5;

interface Visitor {
  visitorId: string;
  token: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 100 });

function request(base: string, method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const url = new URL(path, base);
  return new Promise((resolve) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method, agent, headers: { "content-type": "application/json", ...headers } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", (error) => resolve({ status: 0, body: String(error) }));
    req.end(JSON.stringify(body));
  });
}

/** The bot: notes when each customer message arrived, and answers it at once with its own send time. */
async function startAnsweringBot(base: string) {
  const identity = { integrationId: "", inboundSecret: "" };
  const apiToBot: number[] = [];
  let answered = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      res.writeHead(200).end();
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as { Event?: string; Message?: string; Conversationid?: string };
      if (body.Event !== "Incoming message" || !body.Message?.startsWith("t=")) return;
      apiToBot.push(Date.now() - Number(body.Message.slice(2)));
      if (apiToBot.length % REPLY_EVERY !== 0) return;
      void request(base, "POST", `/api/v1/integrations/${identity.integrationId}/events`, { eventid: "1001", conversation_id: body.Conversationid, message: `r=${Date.now()}` }, { authorization: `Bearer ${identity.inboundSecret}` }).then(
        (answer) => {
          if (answer.status === 202) answered += 1;
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    identity,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/bot`,
    apiToBot,
    answered: () => answered,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** One visitor's stream: counts the bot's answers it carries and how long each took to arrive. */
function openStream(base: string, assetId: string, visitor: Visitor, address: string, replyLatencies: number[]): Promise<() => void> {
  const url = new URL(`/api/v1/channels/${assetId}/messages/stream?access_token=${encodeURIComponent(visitor.token)}`, base);
  return new Promise((resolve, reject) => {
    const req = http.get({ host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, agent: false, headers: { accept: "text/event-stream", "x-forwarded-for": address } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream refused: ${res.statusCode}`));
      res.setEncoding("utf8");
      let buffer = "";
      let ready = false;
      res.on("data", (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!ready && block.startsWith("event: ready")) {
            ready = true;
            resolve(() => req.destroy());
          }
          // What it sends before `ready` is the visitor's history, not news.
          const reply = ready ? /"sender":"BOT".*"text":"r=(\d+)"/.exec(block) : null;
          if (reply) replyLatencies.push(Date.now() - Number(reply[1]));
        }
      });
    });
    req.on("error", reject);
  });
}

/** CPU seconds next-server used so far (user + system), from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** `RATE` messages a second (`amount` in all), round robin over the visitors, whatever the answers. */
async function offerLoad(base: string, assetId: string, writers: Visitor[], amount = RATE * SECONDS) {
  let sent = 0;
  let refused = 0;
  const inFlight: Promise<void>[] = [];
  const startedAt = performance.now();
  await new Promise<void>((done) => {
    const tick = setInterval(() => {
      const due = Math.min(amount, Math.floor(((performance.now() - startedAt) / 1000) * RATE));
      for (; sent < due; sent += 1) {
        const visitor = writers[sent % writers.length]!;
        inFlight.push(
          request(base, "POST", `/api/v1/channels/${assetId}/messages`, { userId: visitor.visitorId, message: `t=${Date.now()}` }, { authorization: `Bearer ${visitor.token}` }).then((answer) => {
            if (answer.status !== 202) refused += 1;
          }),
        );
      }
      if (sent >= amount) {
        clearInterval(tick);
        done();
      }
    }, 2);
  });
  await Promise.all(inFlight);
  return { amount, refused, seconds: (performance.now() - startedAt) / 1000 };
}

async function until(done: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

const ms = (sorted: number[], p: number) => (sorted.length ? `${percentile(sorted, p)} ms` : "—");

export async function openChats(context: ScenarioContext) {
  const bot = await startAnsweringBot(context.base);
  const streams: Array<() => void> = [];
  try {
    const { createChatScene } = await import("../../src/test/chat-scene");
    const scene = await createChatScene({ action: "BOT", channel: "WEB_CHAT", botPlatform: "IMI_BOT", botUrl: bot.url });
    Object.assign(bot.identity, { integrationId: scene.bot.id, inboundSecret: scene.bot.inboundSecret });
    const pid = nextServerPid(context.serverPid);
    const visitors: Visitor[] = [];
    while (visitors.length < Math.max(OPEN, MIN_WRITERS)) {
      const batch = await Promise.all(Array.from({ length: 20 }, () => request(context.base, "POST", `/api/v1/channels/${scene.asset.id}/visitors`, {})));
      for (const answer of batch) if (answer.status === 201) visitors.push(JSON.parse(answer.body) as Visitor);
    }
    // Warm-up, as the hot path's: every visitor's conversation exists, the new routes are compiled.
    const warmStart = bot.apiToBot.length;
    await offerLoad(context.base, scene.asset.id, visitors, visitors.length);
    await until(() => bot.apiToBot.length - warmStart >= visitors.length, 60_000);
    console.log(
      `\nopen chats: ${RATE}/s offered for ${SECONDS} s by web chat visitors (the bot answers one in ${REPLY_EVERY}), with 0 then ${OPEN} visitors' streams open`,
    );

    const results: string[] = [];
    for (const open of [0, OPEN]) {
      const replyLatencies: number[] = [];
      for (let i = streams.length; i < open; i += 1) {
        streams.push(await openStream(context.base, scene.asset.id, visitors[i]!, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, replyLatencies));
      }
      await new Promise((r) => setTimeout(r, 2_000));
      const idleCpuStart = cpuSeconds(pid);
      await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
      const idleCpu = (cpuSeconds(pid) - idleCpuStart) / IDLE_SECONDS;
      const idleRss = rssMiB(pid);

      const botStart = bot.apiToBot.length;
      const answeredStart = bot.answered();
      const startedAt = Date.now();
      const load = await offerLoad(context.base, scene.asset.id, visitors.slice(0, Math.max(open, MIN_WRITERS)));
      const expected = load.amount - load.refused;
      const replies = Math.floor(expected / REPLY_EVERY);
      await until(() => bot.apiToBot.length - botStart >= expected, 60_000);
      const deliveredAt = Date.now();
      await until(() => bot.answered() - answeredStart >= replies && (open === 0 || replyLatencies.length >= replies), 60_000);
      const apiToBot = bot.apiToBot.slice(botStart).sort((a, b) => a - b);
      const toVisitor = [...replyLatencies].sort((a, b) => a - b);
      const delivered = apiToBot.length / ((deliveredAt - startedAt) / 1000);
      const row = [
        `${open} open chats`,
        `accepted ${((load.amount - load.refused) / load.seconds).toFixed(0)}/s (refused ${load.refused})`,
        `delivered end to end ${delivered.toFixed(0)}/s`,
        `channel API → bot p50 ${ms(apiToBot, 50)}, p99 ${ms(apiToBot, 99)}`,
        open === 0 ? "bot reply → visitor —" : `bot reply → visitor p50 ${ms(toVisitor, 50)}, p99 ${ms(toVisitor, 99)} (${toVisitor.length} of ${replies} replies seen)`,
        `next-server RSS ${idleRss.toFixed(0)} MiB idle, ${rssMiB(pid).toFixed(0)} MiB after; idle CPU ${(idleCpu * 100).toFixed(1)} %`,
      ].join(" | ");
      results.push(row);
      console.log(row);
      if (open > 0) {
        console.log(verdict(delivered >= RATE * 0.97, `all ${RATE}/s delivered with ${open} open chats (${delivered.toFixed(0)}/s)`));
        console.log(verdict(percentile(apiToBot, 99) <= 100, `channel API → bot p99 ≤ 100 ms (${ms(apiToBot, 99)})`));
        console.log(verdict(toVisitor.length >= replies && percentile(toVisitor, 99) <= 150, `bot reply → visitor p99 ≤ 150 ms (${ms(toVisitor, 99)})`));
      }
    }
  } finally {
    for (const close of streams) close();
    await bot.close();
    agent.destroy();
  }
}
