/**
 * The one stand-in receiver of the tests: a real HTTP server on 127.0.0.1 standing in for a bot,
 * a CCSP, a channel's callback or an operational webhook endpoint. It records every request
 * (method, path, headers, raw body, the body parsed as JSON) and answers as the test tells it to:
 * a fixed plan, a plan per request (status, body, headers, delay, a body that never ends), or a
 * function that takes over the response itself. The Graph API stand-in (graph-api.ts) is built
 * on it; the SMTP one (smtp-server.ts) speaks another protocol.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  /** The path and query as received ("/hook?x=1"). */
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The body parsed as JSON; `{}` when it is not JSON. */
  body: Record<string, unknown>;
  receivedAt: number;
}

export interface ReplyPlan {
  status: number;
  body?: string | Buffer;
  /** Sent as they are; without a content-type the answer is text/plain. */
  headers?: Record<string, string>;
  /** Answer this long after the request ended (nothing is sent if the client left meanwhile). */
  delayMs?: number;
  /** Send the headers and a first chunk, then never finish the body. */
  stallBody?: boolean;
}

/** A plan, or a plan per request. */
export type Reply = ReplyPlan | ((request: ReceivedRequest) => ReplyPlan);

/**
 * Full control, for tests of what a client makes of odd servers: the handler answers through
 * `res` (or drops the connection through `req.socket`, or never answers).
 */
export type RawHandler = (request: ReceivedRequest, res: ServerResponse, req: IncomingMessage) => void;

export interface ReceiverOptions {
  /** The path of `url` (default "/hook"); the server answers on every path. */
  path?: string;
  /** How to answer until told otherwise (default: 200 with an empty body). */
  reply?: Reply;
  /** Or answer every request by hand. */
  handle?: RawHandler;
  /** Keep no record of the requests (a receiver nobody looks at, that runs for long). */
  record?: boolean;
  /** Do not keep the process alive for it (one shared for a whole test file, never closed). */
  background?: boolean;
}

export interface Receiver {
  /** Where to send: the origin and `path`. */
  url: string;
  /** http://127.0.0.1:port */
  origin: string;
  port: number;
  requests: ReceivedRequest[];
  /** How to answer the next requests. */
  reply: (plan: Reply) => void;
  /** Answer the next requests by hand. */
  handle: (handler: RawHandler) => void;
  waitForRequests: (count: number, timeoutMs?: number) => Promise<ReceivedRequest[]>;
  close: () => Promise<void>;
}

function parseJson(raw: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {}; // not JSON: rawBody only
  }
}

function answer(res: ServerResponse, plan: ReplyPlan): void {
  const send = () => {
    if (res.destroyed) return;
    const headers = Object.keys(plan.headers ?? {}).some((name) => name.toLowerCase() === "content-type")
      ? plan.headers
      : { "content-type": "text/plain", ...plan.headers };
    res.writeHead(plan.status, headers);
    if (plan.stallBody) res.write(plan.body ?? "partial");
    else res.end(plan.body ?? "");
  };
  if (!plan.delayMs) return send();
  const timer = setTimeout(send, plan.delayMs);
  res.on("close", () => clearTimeout(timer));
}

/** Receivers running in this process, by origin: how a scene finds the stand-in behind a URL. */
const running = new Map<string, { handshakes: number }>();

export async function startReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const state = { handshakes: 0 };
  let plan: Reply | { raw: RawHandler } = options.handle ? { raw: options.handle } : (options.reply ?? { status: 200 });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks).toString("utf8");
      const request: ReceivedRequest = { method: req.method ?? "GET", path: req.url ?? "/", headers: req.headers, rawBody, body: parseJson(rawBody), receivedAt: Date.now() };
      if (state.handshakes > 0 && request.body.Event === "Verification") return answer(res, { status: 200 });
      if (options.record !== false) requests.push(request);
      if ("raw" in plan) plan.raw(request, res, req);
      else answer(res, typeof plan === "function" ? plan(request) : plan);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  if (options.background) server.unref();
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  running.set(origin, state);
  return {
    url: `${origin}${options.path ?? "/hook"}`,
    origin,
    port,
    requests,
    reply: (next) => {
      plan = next;
    },
    handle: (handler) => {
      plan = { raw: handler };
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
        running.delete(origin);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Runs `build` while the stand-in receiver behind `url` (when one runs in this process) answers
 * the platform's Verification events as a working bot does (HTTP 200) and leaves them out of its
 * requests: the handshake a scene's integration goes through when it is saved, kept apart from
 * what the test scripts and counts. Other requests are answered and recorded as usual.
 */
export async function answeringVerification<T>(url: string, build: () => Promise<T>): Promise<T> {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return build();
  }
  const state = running.get(origin);
  if (!state) return build();
  state.handshakes += 1;
  try {
    return await build();
  } finally {
    state.handshakes -= 1;
  }
}

let quiet: Promise<Receiver> | undefined;

/**
 * Where test data points what no test watches (the app requires a URL for a CCSP webhook and an
 * HTTP channel's callbacks): one stand-in per process, answering 200, recording nothing.
 */
export function quietReceiver(): Promise<Receiver> {
  quiet ??= startReceiver({ path: "/unwatched", record: false, background: true });
  return quiet;
}

/** The requests a receiver gets from now on: `await seen.next(2)` waits for the next two. */
export function requestsFrom(receiver: Receiver) {
  const start = receiver.requests.length;
  return { next: async (count = 1) => (await receiver.waitForRequests(start + count)).slice(start) };
}

/** A URL on 127.0.0.1 where nothing listens: a receiver started and closed again. */
export async function deadUrl(path = "/bot/webhook"): Promise<string> {
  const closed = await startReceiver({ path });
  await closed.close();
  return closed.url;
}
