/**
 * A web chat visitor's stream: every message of their conversations on one asset, as the rows of
 * GET /messages, from a cursor on. It reads only when told a message of theirs was written (or
 * when it must catch up), one read at a time; notifications that arrive during a read make it
 * read once more, so none is missed and no row is sent twice.
 */
import type { VisitorCursor, VisitorMessageRow } from "@/server/conversations/visitor-messages";
import type { LiveEvent } from "./events";
import { LiveStream } from "./live-stream";
import type { LiveSink } from "./sink";
import { sseComment, sseEvent, sseRetry } from "./sse";

/** How long the browser waits before reconnecting by itself after the stream ends. */
export const VISITOR_RECONNECT_MS = 2_000;

export type ReadVisitorMessages = (after: VisitorCursor | null) => Promise<{ rows: VisitorMessageRow[]; full: boolean }>;

export class VisitorStream extends LiveStream {
  private cursor: VisitorCursor | null;
  private reading = false;
  private readAgain = false;
  private caughtUp = false;

  constructor(
    sink: LiveSink,
    private readonly read: ReadVisitorMessages,
    after: VisitorCursor | null,
  ) {
    super(sink);
    this.cursor = after;
  }

  /** The first bytes go out at once (so the response's headers do), then the catch-up read. */
  start(): void {
    this.send(sseRetry(VISITOR_RECONNECT_MS) + sseComment("connected"));
    void this.catchUp();
  }

  receive(event: LiveEvent): void {
    switch (event.type) {
      case "message":
        void this.catchUp();
        return;
      case "typing":
        // The visitor's own typing is for the desk.
        if (event.from !== "CUSTOMER") this.send(sseEvent("typing", { from: event.from, typing: event.typing, conversationId: event.conversationId }));
        return;
      case "channel-deleted":
        this.send(sseEvent("gone", { reason: "This chat was removed" }));
        this.close();
        return;
      default:
        return;
    }
  }

  resync(): void {
    void this.catchUp();
  }

  private async catchUp(): Promise<void> {
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = true;
    try {
      do {
        this.readAgain = false;
        let full = true;
        while (full && !this.closed) {
          const page = await this.read(this.cursor);
          full = page.full;
          for (const row of page.rows) this.send(sseEvent("message", row, row.id));
          const last = page.rows.at(-1);
          if (last) this.cursor = { id: last.id, createdAt: last.createdAt };
        }
        if (!this.caughtUp) {
          this.caughtUp = true;
          this.send(sseEvent("ready", { after: this.cursor?.id ?? null }));
        }
      } while (this.readAgain && !this.closed);
    } catch (error) {
      // The database is unreachable: end the stream; the browser reconnects from its last event.
      console.error("[live] a visitor stream could not read its messages:", error instanceof Error ? error.message : error);
      this.close();
    } finally {
      this.reading = false;
    }
  }
}
