/**
 * The web chat's live stream (GET …/messages/stream, Server-Sent Events) through the browser's
 * EventSource, which reconnects by itself and resumes from the last event's ID. A stream counts as
 * working once its `ready` event arrives: a proxy that buffers (headers, or the body) never gets
 * there, so the chat can tell it apart and fall back to polling.
 */
import type { ChatMessage } from "./chat-api";

/** A stream not ready within this long is in trouble (a buffering proxy, a dead server). */
const READY_TIMEOUT_MS = 8_000;

export type TypingSender = "BOT" | "AGENT";

export interface ChatStreamHandlers {
  onMessage: (message: ChatMessage) => void;
  /** Caught up: the messages from the cursor on have all arrived. */
  onReady: () => void;
  onTyping: (from: TypingSender, typing: boolean) => void;
  /** The channel is gone for good. */
  onGone: (reason: string) => void;
  /** Every visitor of the chat was signed out: this visitor's token is void. */
  onSignedOut: () => void;
  onTrouble: (trouble: StreamTrouble) => void;
}

/**
 * dropped: the connection failed and the browser is trying again by itself; stalled: connected
 * but not ready in time (a buffering proxy, a stuck server); refused: an answer other than a
 * stream (an error status), and the browser gave up. After the last two the stream is closed.
 */
export type StreamTrouble = "dropped" | "stalled" | "refused";

export class ChatStream {
  private readonly source: EventSource;
  private readyTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(url: string, private readonly handlers: ChatStreamHandlers) {
    this.source = new EventSource(url);
    this.armReadyTimer();
    this.source.addEventListener("message", (event) => this.handle(() => handlers.onMessage(JSON.parse(event.data) as ChatMessage)));
    this.source.addEventListener("ready", () => {
      clearTimeout(this.readyTimer);
      handlers.onReady();
    });
    this.source.addEventListener("typing", (event) =>
      this.handle(() => {
        const data = JSON.parse(event.data) as { from: TypingSender; typing: boolean };
        handlers.onTyping(data.from, data.typing);
      }),
    );
    this.source.addEventListener("gone", (event) =>
      this.handle(() => {
        this.close();
        handlers.onGone((JSON.parse(event.data) as { reason: string }).reason);
      }),
    );
    this.source.addEventListener("signed-out", () =>
      this.handle(() => {
        this.close();
        handlers.onSignedOut();
      }),
    );
    this.source.addEventListener("error", () => {
      if (this.closed) return;
      if (this.source.readyState === EventSource.CLOSED) {
        this.close();
        handlers.onTrouble("refused");
        return;
      }
      this.armReadyTimer();
      handlers.onTrouble("dropped");
    });
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.readyTimer);
    this.source.close();
  }

  /** Each (re)connection must reach `ready` in time. */
  private armReadyTimer(): void {
    clearTimeout(this.readyTimer);
    this.readyTimer = setTimeout(() => {
      if (this.closed) return;
      this.close();
      this.handlers.onTrouble("stalled");
    }, READY_TIMEOUT_MS);
  }

  private handle(work: () => void): void {
    if (this.closed) return;
    try {
      work();
    } catch {
      // a malformed event: skip it
    }
  }
}
