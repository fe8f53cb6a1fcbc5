import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { postJson, type OutboundResult, type PostJsonArgs } from "@/server/net/outbound-http";
import { receiversClosedAfterEach } from "@/test/receivers-per-test";

const local = { allowPrivate: true, requireHttps: false };
const publicOnly = { allowPrivate: false, requireHttps: false };

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** Closed after each test, including ones whose handlers never answered. */
const receiver = receiversClosedAfterEach();

/** Starts a real HTTP server on 127.0.0.1 answering by hand; returns its base URL and the requests it saw. */
async function startServer(handler: Handler) {
  const server = await receiver(undefined, { handle: (request, res, req) => handler(req, res, request.rawBody) });
  return { port: server.port, base: server.origin, seen: server.requests, close: server.close };
}

function post(url: string, overrides: Partial<PostJsonArgs> = {}): Promise<OutboundResult> {
  return postJson({ url, body: '{"hello":"world"}', headers: {}, timeoutMs: 2000, policy: local, ...overrides });
}

function expectFailure(result: OutboundResult) {
  if (result.ok) throw new Error(`expected a failure, got status ${result.status}`);
  return result;
}

function expectResponse(result: OutboundResult) {
  if (!result.ok) throw new Error(`expected a response, got ${result.error.kind}: ${result.error.message}`);
  return result;
}

describe("postJson", () => {
  it("posts JSON with default headers and returns a 2xx response", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/plain", "X-Verification-Token": "tok" });
      res.end("thanks");
    });

    const result = expectResponse(
      await post(`${server.base}/hook?x=1`, { headers: { Authorization: "Bearer abc", "webhook-id": "msg_1" } }),
    );

    expect(result.status).toBe(200);
    expect(result.bodyStart).toBe("thanks");
    expect(result.headers["x-verification-token"]).toBe("tok");
    expect(result.headers["content-type"]).toBe("text/plain");
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(server.seen).toHaveLength(1);
    const [request] = server.seen;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/hook?x=1");
    expect(request?.rawBody).toBe('{"hello":"world"}');
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.headers["user-agent"]).toBe("Switchboard-Webhooks/1.0");
    expect(request?.headers["authorization"]).toBe("Bearer abc");
    expect(request?.headers["webhook-id"]).toBe("msg_1");
  });

  it("lets the caller override a default header regardless of case", async () => {
    const server = await startServer((_req, res) => res.end());
    expectResponse(await post(server.base, { headers: { "Content-Type": "application/json; charset=utf-8" } }));
    expect(server.seen[0]?.headers["content-type"]).toBe("application/json; charset=utf-8");
  });

  it("returns a 500 with the start of its body", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(500);
      res.end("internal error: database down");
    });
    const result = expectResponse(await post(server.base));
    expect(result.status).toBe(500);
    expect(result.bodyStart).toBe("internal error: database down");
  });

  it("truncates a body larger than the limit (default 2048 bytes)", async () => {
    const server = await startServer((_req, res) => res.end("x".repeat(10_000)));
    expect(expectResponse(await post(server.base)).bodyStart).toBe("x".repeat(2048));
    expect(expectResponse(await post(server.base, { maxResponseBytes: 100 })).bodyStart).toBe("x".repeat(100));
  });

  it("drops a multi-byte character cut by the limit instead of garbling it", async () => {
    const server = await startServer((_req, res) => res.end("ééé")); // 2 bytes each
    expect(expectResponse(await post(server.base, { maxResponseBytes: 3 })).bodyStart).toBe("é");
  });

  it("stops reading a response that streams forever", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200);
      const timer = setInterval(() => res.write("y".repeat(512)), 5);
      res.on("close", () => clearInterval(timer));
    });
    const result = expectResponse(await post(server.base, { timeoutMs: 5000 }));
    expect(result.status).toBe(200);
    expect(result.bodyStart).toBe("y".repeat(2048));
    expect(result.durationMs).toBeLessThan(5000);
  });

  it("times out when the server never answers", async () => {
    const server = await startServer(() => {
      /* never respond */
    });
    const result = expectFailure(await post(server.base, { timeoutMs: 300 }));
    expect(result.error).toEqual({ kind: "timeout", message: "timed out after 0.3 s" });
    expect(result.durationMs).toBeGreaterThanOrEqual(290);
    expect(result.durationMs).toBeLessThan(2000);
    expect(result.status).toBeUndefined();
  });

  it("times out when the server sends headers and then stalls the body", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("partial");
    });
    const result = expectFailure(await post(server.base, { timeoutMs: 300 }));
    expect(result.error).toEqual({ kind: "timeout", message: "timed out after 0.3 s" });
    expect(result.status).toBe(200);
    expect(result.bodyStart).toBe("partial");
    expect(result.durationMs).toBeLessThan(2000);
  });

  it("reports a refused connection", async () => {
    const server = await startServer(() => undefined);
    await server.close();

    const result = expectFailure(await post(server.base));
    expect(result.error).toEqual({ kind: "connection_refused", message: "connection refused" });
  });

  it("reports a server that closes the connection without answering", async () => {
    const server = await startServer((req) => req.socket.destroy());
    const result = expectFailure(await post(server.base));
    expect(result.error).toEqual({ kind: "network", message: "the server closed the connection without answering" });
  });

  it("reports a response cut off before its announced length", async () => {
    const server = await startServer((req, res) => {
      res.writeHead(200, { "content-length": "100" });
      res.write("only part", () => req.socket.destroy());
    });
    const result = expectFailure(await post(server.base));
    expect(result.error).toEqual({
      kind: "network",
      message: "the server closed the connection before the response was complete",
    });
    expect(result.status).toBe(200);
    expect(result.bodyStart).toBe("only part");
  });

  it("returns a redirect as-is without following it", async () => {
    const server = await startServer((req, res) => {
      if (req.url === "/hook") {
        res.writeHead(302, { Location: "/elsewhere" });
        res.end("moved");
      } else {
        res.end("followed");
      }
    });
    const result = expectResponse(await post(`${server.base}/hook`));
    expect(result.status).toBe(302);
    expect(result.headers["location"]).toBe("/elsewhere");
    expect(result.bodyStart).toBe("moved");
    expect(server.seen.map((r) => r.path)).toEqual(["/hook"]);
  });

  it("refuses a host name that resolves to loopback at connect time", async () => {
    const server = await startServer((_req, res) => res.end("should not be reached"));
    const result = expectFailure(await post(`http://localhost:${server.port}/hook`, { policy: publicOnly }));
    expect(result.error.kind).toBe("url_refused");
    expect(result.error.message).toMatch(
      /^URL refused: host localhost resolves to a private or loopback address \((127\.0\.0\.1|::1)\)$/,
    );
    expect(server.seen).toHaveLength(0);
  });

  it("connects to a host name resolving to loopback when private addresses are allowed", async () => {
    const server = await startServer((_req, res) => res.end("ok"));
    const result = expectResponse(await post(`http://localhost:${server.port}/hook`));
    expect(result.bodyStart).toBe("ok");
  });

  it("refuses a literal private IP before connecting", async () => {
    const server = await startServer((_req, res) => res.end("should not be reached"));
    const result = expectFailure(await post(server.base, { policy: publicOnly }));
    expect(result.error).toEqual({
      kind: "url_refused",
      message: "URL refused: URL points to a private or loopback address",
    });
    expect(server.seen).toHaveLength(0);
  });

  it("refuses plain http when https is required", async () => {
    const result = expectFailure(
      await post("http://bot.example.com/hook", { policy: { allowPrivate: false, requireHttps: true } }),
    );
    expect(result.error).toEqual({ kind: "url_refused", message: "URL refused: URL must use https" });
  });

  it("reports a TLS failure when an https URL reaches a plain-http server", async () => {
    const server = await startServer((_req, res) => res.end());
    const result = expectFailure(await post(`https://127.0.0.1:${server.port}/`));
    expect(result.error.kind).toBe("network");
    expect(result.error.message).toBe("TLS error: wrong version number");
  });

  it("reports a host that does not resolve", async () => {
    const result = expectFailure(await post("http://example.invalid/hook", { timeoutMs: 5000 }));
    expect(result.error).toEqual({ kind: "dns_failed", message: "could not resolve host example.invalid" });
  });

  it("returns an error instead of throwing on an invalid header value", async () => {
    const server = await startServer((_req, res) => res.end());
    const result = expectFailure(await post(server.base, { headers: { authorization: "Bearer a\r\nX-Evil: 1" } }));
    expect(result.error.kind).toBe("network");
    expect(result.error.message).toMatch(/^request could not be sent: /);
    expect(server.seen).toHaveLength(0);
  });

  it("keeps connections alive, and resends once on a fresh socket when the receiver closed the kept one", async () => {
    const requestsPerSocket = new Map<unknown, number>();
    let dropSecondOnSocket = false;
    const server = await startServer((req, res) => {
      const count = (requestsPerSocket.get(req.socket) ?? 0) + 1;
      requestsPerSocket.set(req.socket, count);
      // The race a kept-alive socket can lose: the receiver closes it as the next request arrives.
      if (dropSecondOnSocket && count === 2) {
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
    });
    expectResponse(await post(`${server.base}/a`));
    expectResponse(await post(`${server.base}/b`));
    expect(requestsPerSocket.size).toBe(1); // the second request reused the first socket

    requestsPerSocket.clear();
    expectResponse(await post(`${server.base}/c`));
    dropSecondOnSocket = true;
    const resent = expectResponse(await post(`${server.base}/d`));
    expect(resent.status).toBe(200);
    expect(server.seen.filter((r) => r.path === "/d")).toHaveLength(2); // dropped once, then answered
  });
});
