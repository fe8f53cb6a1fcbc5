/**
 * One open stream: a viewer's response body and what it wants to hear. It holds no timer and
 * runs no query while nothing happens; the shared heartbeat (heartbeat.ts) and the process's
 * listener (listener.ts) are the only things that wake it.
 */
import type { LiveEvent } from "./events";
import type { LiveSink } from "./sink";
import { sseComment } from "./sse";

export abstract class LiveStream {
  readonly openedAt = Date.now();
  /** 0 to 1: spreads the end of streams opened together over time (heartbeat.ts). */
  readonly spread = Math.random();
  private ended = false;
  private readonly closeListeners: Array<() => void> = [];

  constructor(private readonly sink: LiveSink) {}

  get closed(): boolean {
    return this.ended;
  }

  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  /** An event from any process that concerns this stream's viewer (or may: the stream decides). */
  abstract receive(event: LiveEvent): void;

  /** The listener reconnected: events may have been missed, so catch up. */
  abstract resync(): void;

  heartbeat(): void {
    this.send(sseComment("ping"));
  }

  close(): void {
    if (this.ended) return;
    this.ended = true;
    for (const listener of this.closeListeners) listener();
    try {
      this.sink.close();
    } catch {
      // the reader is already gone
    }
  }

  protected send(text: string): void {
    if (this.ended) return;
    if (!this.sink.write(text)) this.close();
  }
}
