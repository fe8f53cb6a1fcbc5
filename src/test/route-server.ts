/**
 * A real server process for integration tests: node:http on 127.0.0.1 serving the app's own
 * route handlers (the modules `next start` serves) over real HTTP, streaming bodies as they are
 * produced and aborting a request's signal when its client goes away, as Next does. Several can
 * run on one database, each with its own pool and live listener, and none needs a production
 * build. Started by route-process.ts; prints "listening <port>" once ready.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;
type RouteModule = Partial<Record<"GET" | "POST", Handler>>;

/** Path patterns (":name" segments) and the route module serving them. */
const ROUTES: Array<[string, () => Promise<unknown>]> = [
  ["/api/v1/channels/:assetId/messages/stream", () => import("@/app/api/v1/channels/[assetId]/messages/stream/route")],
  ["/api/v1/channels/:assetId/messages", () => import("@/app/api/v1/channels/[assetId]/messages/route")],
  ["/api/v1/channels/:assetId/visitors", () => import("@/app/api/v1/channels/[assetId]/visitors/route")],
  ["/api/v1/channels/:assetId/receipts", () => import("@/app/api/v1/channels/[assetId]/receipts/route")],
  ["/api/v1/channels/:assetId/typing", () => import("@/app/api/v1/channels/[assetId]/typing/route")],
  ["/api/v1/channels/:assetId/widget", () => import("@/app/api/v1/channels/[assetId]/widget/route")],
  ["/api/v1/integrations/:integrationId/events", () => import("@/app/api/v1/integrations/[integrationId]/events/route")],
  ["/api/live", () => import("@/app/api/live/route")],
];

function match(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split("/");
  const got = pathname.split("/");
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of want.entries()) {
    const value = got[index] ?? "";
    if (part.startsWith(":")) params[part.slice(1)] = decodeURIComponent(value);
    else if (part !== value) return null;
  }
  return params;
}

async function serve(req: IncomingMessage, res: ServerResponse, origin: string) {
  const url = new URL(req.url ?? "/", origin);
  const method = req.method === "POST" ? "POST" : "GET";
  for (const [pattern, load] of ROUTES) {
    const params = match(pattern, url.pathname);
    if (!params) continue;
    const handler = ((await load()) as RouteModule)[method];
    if (!handler) break;
    const aborted = new AbortController();
    res.on("close", () => aborted.abort());
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    // As `next start` does when the client sent none.
    if (!headers.has("x-forwarded-for") && req.socket.remoteAddress) headers.set("x-forwarded-for", req.socket.remoteAddress);
    const request = new Request(url, {
      method,
      headers,
      body: method === "POST" ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
      signal: aborted.signal,
      duplex: "half",
    } as RequestInit);
    const response = await handler(request, { params: Promise.resolve(params) });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (!response.body) return void res.end();
    const reader = response.body.getReader();
    res.on("close", () => void reader.cancel().catch(() => {}));
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (done) break;
      res.write(value);
    }
    res.end();
    return;
  }
  res.writeHead(404, { "content-type": "application/json" });
  res.end(JSON.stringify({ error: { code: "NOT_FOUND", message: `No route for ${method} ${url.pathname}` } }));
}

const server = createServer((req, res) => {
  serve(req, res, `http://${req.headers.host ?? "127.0.0.1"}`).catch((error: unknown) => {
    console.error("route-server:", error);
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
});
server.listen(0, "127.0.0.1", () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
