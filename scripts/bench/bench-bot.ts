/**
 * A stand-in bot on 127.0.0.1 for the scenarios that run long or slow: unlike src/test/receiver.ts
 * it keeps no request, only each message's send time and latency (a soak delivers 120,000), and
 * it counts the requests it is answering at once (what a hanging bot is made to bear).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface BotOptions {
  /** Answer this late (a hanging bot); the platform gives up at its 5 s deadline. */
  delayMs?: number;
}

export interface Delivered {
  /** When the channel API was called (the message's "t=…"), ms since the epoch. */
  sentAt: number;
  /** Channel API → bot, ms. */
  latencyMs: number;
}

export interface BenchBot {
  url: string;
  /** The body it answers with from now on (an OTHERS bot must echo its token). */
  answerWith: (body: string) => void;
  received: Delivered[];
  inFlight: () => number;
  maxInFlight: () => number;
  waitForCount: (count: number, timeoutMs: number) => Promise<void>;
  waitUntilIdle: (timeoutMs: number) => Promise<void>;
  close: () => Promise<void>;
}

async function until(done: () => boolean, timeoutMs: number, what: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(what());
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function startBenchBot(options: BotOptions = {}): Promise<BenchBot> {
  const received: Delivered[] = [];
  let answer = "";
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer((req, res) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let timer: NodeJS.Timeout | undefined;
    res.on("close", () => {
      inFlight -= 1;
      clearTimeout(timer);
    });
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const receivedAt = Date.now();
      try {
        const sentAt = Number(String((JSON.parse(Buffer.concat(chunks).toString("utf8")) as { Message?: unknown }).Message).slice(2));
        if (Number.isFinite(sentAt)) received.push({ sentAt, latencyMs: receivedAt - sentAt });
      } catch {
        // not a message of the bench
      }
      const send = () => res.writeHead(200, { "content-type": "text/plain" }).end(answer);
      if (options.delayMs) timer = setTimeout(send, options.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    answerWith: (body) => {
      answer = body;
    },
    received,
    inFlight: () => inFlight,
    maxInFlight: () => maxInFlight,
    waitForCount: (count, timeoutMs) => until(() => received.length >= count, timeoutMs, () => `Expected ${count} messages at the bot, got ${received.length}`),
    waitUntilIdle: (timeoutMs) => until(() => inFlight === 0, timeoutMs, () => `The bot still has ${inFlight} requests open`),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
