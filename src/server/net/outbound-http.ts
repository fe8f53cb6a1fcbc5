import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type RequestOptions } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import { StringDecoder } from "node:string_decoder";
import { isPublicAddress } from "@/server/net/address-policy";
import { checkWebhookUrl, type UrlPolicy } from "@/server/net/url-policy";

/**
 * The single way the product sends a request to a URL a tenant configured.
 * - URL syntax is checked first; every address DNS returns is checked at connect time, so a
 *   host that re-resolves to a private address (DNS rebinding) is still refused.
 * - Redirects are never followed: a 3xx is returned like any other status.
 * - One deadline covers DNS, connect, headers and body; at most maxResponseBytes are read.
 * `ok: true` means an HTTP response arrived; the caller judges the status code.
 */

export type OutboundError = {
  kind: "url_refused" | "timeout" | "connection_refused" | "dns_failed" | "network";
  message: string;
};

export type OutboundResult =
  | { ok: true; status: number; headers: Record<string, string>; bodyStart: string; durationMs: number }
  | { ok: false; error: OutboundError; durationMs: number; status?: number; bodyStart?: string };

export type PostJsonArgs = {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  policy: UrlPolicy;
  maxResponseBytes?: number;
};

export const DEFAULT_MAX_RESPONSE_BYTES = 2048;
export const USER_AGENT = "Switchboard-Webhooks/1.0";

/** Raised from the connect-time lookup when a host resolves to a non-public address. */
class RefusedAddressError extends Error {}

export function postJson(args: PostJsonArgs): Promise<OutboundResult> {
  return send(args, performance.now(), true);
}

/**
 * One exchange. A kept-alive socket the receiver closed while idle fails before any answer
 * (the receiver saw nothing): that one case is sent again, once, on a fresh socket.
 */
function send(args: PostJsonArgs, startedAt: number, mayReuse: boolean): Promise<OutboundResult> {
  const elapsed = () => Math.round(performance.now() - startedAt);
  const maxBytes = Math.max(0, args.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);

  const checked = checkWebhookUrl(args.url, args.policy);
  if (!checked.ok) {
    return Promise.resolve({
      ok: false,
      error: { kind: "url_refused", message: `URL refused: ${checked.reason}` },
      durationMs: elapsed(),
    });
  }
  const url = checked.url;

  return new Promise<OutboundResult>((resolve) => {
    let settled = false;
    let response: IncomingMessage | undefined;
    const chunks: Buffer[] = [];
    let received = 0;

    const bodySoFar = (complete: boolean): string => {
      // A truncated body may end inside a multi-byte character: drop that partial character.
      const decoder = new StringDecoder("utf8");
      const text = decoder.write(Buffer.concat(chunks, received));
      return complete ? text + decoder.end() : text;
    };

    const finish = (result: OutboundResult, reusable = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(result);
      // A fully read answer leaves its socket to the pool; anything else is cut off.
      if (!reusable) req?.destroy();
    };

    const fail = (error: OutboundError) => {
      const partial = response ? { status: response.statusCode ?? 0, bodyStart: bodySoFar(false) } : {};
      finish({ ok: false, error, durationMs: elapsed(), ...partial });
    };

    const succeed = (res: IncomingMessage, complete: boolean) =>
      finish(
        {
          ok: true,
          status: res.statusCode ?? 0,
          headers: flattenHeaders(res.headers),
          bodyStart: bodySoFar(complete),
          durationMs: elapsed(),
        },
        complete,
      );

    const deadline = setTimeout(
      () => fail({ kind: "timeout", message: `timed out after ${formatSeconds(args.timeoutMs)} s` }),
      // One deadline for the whole exchange, a resend on a fresh socket included.
      Math.max(0, args.timeoutMs - (performance.now() - startedAt)),
    );

    const options: RequestOptions = {
      method: "POST",
      headers: buildHeaders(args.headers, args.body),
      lookup: publicOnlyLookup(args.policy.allowPrivate),
      agent: mayReuse ? agentFor(url.protocol, args.policy.allowPrivate) : false,
    };

    let req: ReturnType<typeof httpRequest> | undefined;
    try {
      req = (url.protocol === "https:" ? httpsRequest : httpRequest)(url, options);
    } catch (err) {
      // Node validates headers synchronously, e.g. a token containing a newline.
      fail({ kind: "network", message: `request could not be sent: ${errorMessage(err)}` });
      return;
    }

    req.on("error", (err) => {
      if (!response && !settled && req?.reusedSocket && isStaleSocketError(err)) {
        settled = true;
        clearTimeout(deadline);
        resolve(send(args, startedAt, false));
        return;
      }
      fail(describeError(err, url.hostname));
    });
    req.on("response", (res) => {
      response = res;
      res.on("error", (err) => fail(describeError(err, url.hostname)));
      res.on("data", (chunk: Buffer) => {
        if (settled) return;
        const room = maxBytes - received;
        const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
        chunks.push(kept);
        received += kept.length;
        if (received >= maxBytes) succeed(res, false);
      });
      res.on("end", () => succeed(res, true));
      if (maxBytes === 0) succeed(res, false);
    });
    req.end(args.body);
  });
}

/**
 * Keep-alive pools, one per protocol and address policy: a socket is checked against the policy
 * when it connects, so it may only be reused under the same policy. Idle sockets are closed after
 * 4 s, before receivers' usual 5 s keep-alive timeout closes them under a request.
 */
const agents = new Map<string, HttpAgent>();
function agentFor(protocol: string, allowPrivate: boolean): HttpAgent {
  const key = `${protocol}${allowPrivate}`;
  let agent = agents.get(key);
  if (!agent) {
    const options = { keepAlive: true, timeout: 4_000, maxSockets: 64, maxFreeSockets: 16, scheduling: "lifo" as const };
    agent = protocol === "https:" ? new HttpsAgent(options) : new HttpAgent(options);
    agents.set(key, agent);
  }
  return agent;
}

function buildHeaders(custom: Record<string, string>, body: string): Record<string, string> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": USER_AGENT,
  };
  for (const [name, value] of Object.entries(custom)) headers[name.toLowerCase()] = value;
  headers["content-length"] = String(Buffer.byteLength(body));
  return headers;
}

/** dns.lookup that refuses the connection when any resolved address is not public. */
function publicOnlyLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { family: options.family, hints: options.hints, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 0);
      const refused = allowPrivate ? undefined : addresses.find((a) => !isPublicAddress(a.address));
      if (refused) {
        const message = `host ${hostname} resolves to a private or loopback address (${refused.address})`;
        return callback(Object.assign(new RefusedAddressError(message), { code: "EREFUSEDADDRESS" }), "", 0);
      }
      const first: LookupAddress | undefined = addresses[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" }), "", 0);
      // With autoSelectFamily (Node 20 default) net asks for every address.
      if (options.all) return callback(null, addresses);
      callback(null, first.address, first.family);
    });
  };
}

function isStaleSocketError(err: unknown): boolean {
  const code = errorCode(err);
  return code === "ECONNRESET" || code === "EPIPE" || errorMessage(err) === "socket hang up";
}

const DNS_FAILURES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_FAIL", "EAI_NODATA", "ENODATA"]);

function describeError(err: unknown, hostname: string): OutboundError {
  const inner = firstInner(err);
  if (inner instanceof RefusedAddressError) return { kind: "url_refused", message: `URL refused: ${inner.message}` };
  const code = errorCode(inner);
  if (code === "ECONNREFUSED") return { kind: "connection_refused", message: "connection refused" };
  if (code && DNS_FAILURES.has(code)) return { kind: "dns_failed", message: `could not resolve host ${hostname}` };
  const known: Record<string, string> = {
    ECONNRESET: "connection reset by the server",
    EPIPE: "connection closed by the server while sending",
    EHOSTUNREACH: "host unreachable",
    ENETUNREACH: "network unreachable",
    ETIMEDOUT: "connection timed out",
    HPE_INVALID_CONSTANT: "the server sent an invalid HTTP response",
  };
  const message = errorMessage(inner);
  if (message === "socket hang up") return { kind: "network", message: "the server closed the connection without answering" };
  if (message === "aborted") return { kind: "network", message: "the server closed the connection before the response was complete" };
  if (code && known[code]) return { kind: "network", message: known[code] };
  if (code && (code === "EPROTO" || /CERT|TLS|SSL|UNABLE_TO/.test(code))) {
    // Keep OpenSSL's short reason ("wrong version number"), not its file/line dump.
    const reason = /:SSL routines:[^:]*:([^:]+):/.exec(message)?.[1] ?? message;
    return { kind: "network", message: `TLS error: ${reason}` };
  }
  return { kind: "network", message };
}

/** With several addresses, net reports an AggregateError of per-address failures. */
function firstInner(err: unknown): unknown {
  if (err instanceof AggregateError && err.errors.length > 0) return err.errors[0];
  return err;
}

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function flattenHeaders(headers: IncomingMessage["headers"]): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

/** 5000 -> "5", 300 -> "0.3", 1500 -> "1.5" */
function formatSeconds(ms: number): string {
  return String(Number((ms / 1000).toFixed(3)));
}
