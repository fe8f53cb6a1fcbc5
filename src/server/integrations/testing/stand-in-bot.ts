/**
 * Test support: a real HTTP server on 127.0.0.1 standing in for a bot or CCSP webhook. It records
 * every request it receives and answers through the handler the test gives it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type SeenRequest = { method?: string; path?: string; headers: IncomingMessage["headers"]; body: string };
export type BotHandler = (request: SeenRequest, res: ServerResponse) => void;

export type StandInBot = {
  url: string;
  port: number;
  requests: SeenRequest[];
  close: () => Promise<void>;
};

export async function startStandInBot(handler: BotHandler): Promise<StandInBot> {
  const requests: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (chunk: Buffer) => parts.push(chunk));
    req.on("end", () => {
      const seen = { method: req.method, path: req.url, headers: req.headers, body: Buffer.concat(parts).toString("utf8") };
      requests.push(seen);
      handler(seen, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/bot/webhook`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers after `ms` milliseconds (unless the connection is gone by then). */
export function answerLater(ms: number, answer: (res: ServerResponse) => void): BotHandler {
  return (_request, res) => {
    const timer = setTimeout(() => {
      if (!res.destroyed) answer(res);
    }, ms);
    res.on("close", () => clearTimeout(timer));
  };
}

export function reply(res: ServerResponse, status: number, body = "", headers: Record<string, string> = {}): void {
  res.writeHead(status, headers);
  res.end(body);
}
