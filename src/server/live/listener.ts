/**
 * The process's one listening connection (LISTEN on LIVE_CHANNEL): a dedicated `pg` Client, not
 * one of the pool's, since a pooled connection is handed to other queries. When it fails (Postgres
 * restarted, the connection was cut) it reconnects with growing, jittered delays; it never throws
 * and never leaves an `error` event unhandled, so it cannot bring the process down. Every time it
 * starts listening the streams are told to catch up, as notifications sent meanwhile are lost.
 */
import { Client } from "pg";
import { decodeLiveEvent, LIVE_CHANNEL, type LiveEvent } from "./events";

export interface ListenerHooks {
  onEvent: (event: LiveEvent) => void;
  /** Listening (again): anything sent while not listening was missed. */
  onListening: () => void;
}

export interface Backoff {
  firstMs: number;
  maxMs: number;
}

const DEFAULT_BACKOFF: Backoff = { firstMs: 250, maxMs: 15_000 };

export class LiveListener {
  private client: Client | null = null;
  private started = false;
  private stopped = false;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private isListening = false;

  constructor(
    private readonly connectionString: () => string,
    private readonly hooks: ListenerHooks,
    private readonly backoff: Backoff = DEFAULT_BACKOFF,
  ) {}

  get listening(): boolean {
    return this.isListening;
  }

  /** The backend process of the listening connection (tests terminate it to see a reconnect). */
  get backendPid(): number | null {
    return (this.client as unknown as { processID?: number } | null)?.processID ?? null;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.isListening = false;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.connectionString(), application_name: "switchboard-live", keepAlive: true });
    this.client = client;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      this.isListening = false;
      client.removeAllListeners("notification");
      client.end().catch(() => {});
      if (this.stopped) return;
      const delay = this.nextDelay();
      if (this.failures === 1) {
        console.warn(`[live] listening connection lost (${error instanceof Error ? error.message : String(error)}); reconnecting`);
      }
      this.timer = setTimeout(() => void this.connect(), delay);
      this.timer.unref?.();
    };
    client.on("error", fail);
    client.on("end", () => fail(new Error("the connection ended")));
    client.on("notification", (message) => {
      if (message.channel !== LIVE_CHANNEL) return;
      const event = decodeLiveEvent(message.payload);
      if (event) guarded(() => this.hooks.onEvent(event));
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${LIVE_CHANNEL}`);
    } catch (error) {
      fail(error);
      return;
    }
    if (failed || this.stopped) return;
    if (this.failures > 0) console.warn("[live] listening again");
    this.failures = 0;
    this.isListening = true;
    guarded(() => this.hooks.onListening());
  }

  private nextDelay(): number {
    const base = Math.min(this.backoff.maxMs, this.backoff.firstMs * 2 ** this.failures);
    this.failures += 1;
    return base / 2 + Math.random() * (base / 2);
  }
}

/** A stream's handler must not take the listener down with it. */
function guarded(work: () => void) {
  try {
    work();
  } catch (error) {
    console.error("[live] a stream failed to handle an event:", error);
  }
}
