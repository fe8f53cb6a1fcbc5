/**
 * A real HTTP server on 127.0.0.1 standing in for a bot, a CCSP or a channel's callback:
 * it records every request and answers as the test tells it to.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: Record<string, unknown>;
  receivedAt: number;
}

export interface ReplyPlan {
  status: number;
  body?: string | Buffer;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Send the headers and a first chunk, then never finish the body. */
  stallBody?: boolean;
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** How to answer the next requests (default: 200 with an empty body). */
  reply: (plan: ReplyPlan | ((request: ReceivedRequest) => ReplyPlan)) => void;
  waitForRequests: (count: number, timeoutMs?: number) => Promise<ReceivedRequest[]>;
  close: () => Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  let plan: ReplyPlan | ((request: ReceivedRequest) => ReplyPlan) = { status: 200 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks).toString("utf8");
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(rawBody) as Record<string, unknown>;
      } catch {
        // not JSON: keep rawBody only
      }
      const request = { headers: req.headers, rawBody, body, receivedAt: Date.now() };
      requests.push(request);
      const answer = typeof plan === "function" ? plan(request) : plan;
      const send = () => {
        res.writeHead(answer.status, { "content-type": "text/plain", ...answer.headers });
        if (answer.stallBody) res.write(answer.body ?? "partial");
        else res.end(answer.body ?? "");
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    reply: (next) => {
      plan = next;
    },
    async waitForRequests(count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (requests.length < count) {
        if (Date.now() > deadline) throw new Error(`Expected ${count} requests, got ${requests.length}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return requests.slice(0, count);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The requests a receiver gets from now on: `await seen.next(2)` waits for the next two. */
export function requestsFrom(receiver: Receiver) {
  const start = receiver.requests.length;
  return { next: async (count = 1) => (await receiver.waitForRequests(start + count)).slice(start) };
}
