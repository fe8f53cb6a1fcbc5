/**
 * One timer for every open stream of the process (none per connection): every HEARTBEAT_MS each
 * stream gets a comment line, so proxies never see an idle connection, and a stream past its
 * lifetime is closed, so the browser reconnects and its credentials are checked again.
 */
import type { LiveStream } from "./live-stream";

/** Under the 25 s the issue asks for, with room for a slow tick. */
export const HEARTBEAT_MS = 20_000;

export class SharedHeartbeat {
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly each: (visit: (stream: LiveStream) => void) => void,
    /** A stream is closed at the first beat after this age (each stream gets up to a quarter more, so they do not all reconnect at once). */
    private readonly maxAgeMs: number,
    private readonly intervalMs = HEARTBEAT_MS,
  ) {}

  get running(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.timer) return;
    // It runs only while a stream is open, which keeps the process serving anyway.
    this.timer = setInterval(() => this.beat(Date.now()), this.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  beat(now: number): void {
    this.each((stream) => {
      if (now - stream.openedAt > this.maxAgeMs * (1 + stream.spread / 4)) stream.close();
      else stream.heartbeat();
    });
  }
}
