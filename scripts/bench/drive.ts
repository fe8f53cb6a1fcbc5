/**
 * Load generators for the channel API: closed loop (autocannon, each connection sending as
 * fast as it is answered) or open loop (a fixed offered rate, whatever the answers).
 */
import http from "node:http";
import autocannon from "autocannon";

export interface Level {
  connections: number;
  /** Messages per second offered in all (open loop); unset: as fast as answered. */
  rate?: number;
}

export function parseLevel(spec: string): Level {
  const rate = /^(\d+)\/s$/.exec(spec.trim());
  if (rate) return { connections: 100, rate: Number(rate[1]) };
  const connections = Number(spec);
  if (!Number.isInteger(connections) || connections < 1) throw new Error(`BENCH_LEVELS: "${spec}" is neither a number of connections nor a rate like 300/s`);
  return { connections };
}

export interface Load extends Level {
  url: string;
  headers: Record<string, string>;
  body: (i: number) => string;
}

export interface Driven {
  rps: number;
  non2xx: number;
  seconds: number;
  /** Open loop only: what the refused ones got, by status code (or "error" when no answer). */
  refusals?: Record<string, number>;
}

/** Sends exactly `amount` POSTs at the level's concurrency or rate; returns req/s of 2xx answers. */
export function drive(load: Load, amount: number): Promise<Driven> {
  return load.rate ? driveAtRate(load, load.rate, amount) : driveClosedLoop(load, amount);
}

async function driveClosedLoop(load: Load, amount: number): Promise<Driven> {
  let i = 0;
  const startedAt = performance.now();
  const result = await autocannon({
    url: load.url,
    connections: load.connections,
    amount,
    // It notices the last answer only at its next sample: every second by default.
    sampleInt: 20,
    method: "POST",
    headers: { "content-type": "application/json", ...load.headers },
    requests: [{ setupRequest: (request) => ({ ...request, body: load.body(i++) }) }],
  });
  const seconds = (performance.now() - startedAt) / 1000;
  return { rps: (result["2xx"] ?? 0) / seconds, non2xx: result.non2xx + result.errors + result.timeouts, seconds };
}

/**
 * Open loop: one request every 1/rate seconds, whether or not earlier ones were answered.
 * (autocannon's rate limit sends each second's requests in one burst at its start, which
 * measures the burst, not the rate.) The body is made at send time, so its timestamp is true.
 */
async function driveAtRate(load: Load, rate: number, amount: number): Promise<Driven> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: load.connections });
  const url = new URL(load.url);
  let sent = 0;
  let ok = 0;
  let failed = 0;
  const refusals: Record<string, number> = {};
  const refuse = (why: string) => {
    failed += 1;
    refusals[why] = (refusals[why] ?? 0) + 1;
  };
  const post = (body: string) =>
    new Promise<void>((resolve) => {
      const request = http.request(
        { host: url.hostname, port: url.port, path: url.pathname, method: "POST", agent, headers: { "content-type": "application/json", ...load.headers } },
        (response) => {
          response.resume();
          response.on("end", () => {
            if (response.statusCode && response.statusCode < 300) ok += 1;
            else refuse(String(response.statusCode));
            resolve();
          });
        },
      );
      request.on("error", () => {
        refuse("error");
        resolve();
      });
      request.end(body);
    });
  const startedAt = performance.now();
  const inFlight: Promise<void>[] = [];
  await new Promise<void>((done) => {
    const tick = setInterval(() => {
      const due = Math.min(amount, Math.floor(((performance.now() - startedAt) / 1000) * rate));
      for (; sent < due; sent += 1) inFlight.push(post(load.body(sent)));
      if (sent >= amount) {
        clearInterval(tick);
        done();
      }
    }, 2);
  });
  await Promise.all(inFlight);
  agent.destroy();
  const seconds = (performance.now() - startedAt) / 1000;
  return { rps: ok / seconds, non2xx: failed, seconds, refusals };
}
