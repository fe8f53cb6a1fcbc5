/**
 * A web chat visitor's stream: every message of their conversations on one asset, as the rows of
 * GET /messages, from a cursor on. It reads only when told a message of theirs was written (or
 * when it must catch up), one read at a time; notifications that arrive during a read make it
 * read once more, so none is missed and no row is sent twice. After the first read it reads only
 * in its focus (the visitor's conversations it knows, the messages it was told of), which stays
 * cheap however busy the tenant; a catch-up after the listener reconnected reads everywhere.
 */
import type { VisitorCursor, VisitorFocus, VisitorMessageRow } from "@/server/conversations/visitor-messages";
import type { LiveEvent } from "./events";
import { LiveStream } from "./live-stream";
import type { LiveSink } from "./sink";
import { sseComment, sseEvent, sseRetry } from "./sse";

/** How long the browser waits before reconnecting by itself after the stream ends. */
export const VISITOR_RECONNECT_MS = 2_000;

/** A page after the cursor, everywhere (focus null) or in the focus; `full`: there may be more. */
export type ReadVisitorMessages = (after: VisitorCursor | null, focus: VisitorFocus | null) => Promise<{ rows: VisitorMessageRow[]; full: boolean }>;

export class VisitorStream extends LiveStream {
  private cursor: VisitorCursor | null;
  private reading = false;
  private readAgain = false;
  private caughtUp = false;
  /** The next read looks everywhere (the first one, and after a reconnect of the listener). */
  private readEverywhere = true;
  private readonly conversations = new Set<string>();
  private readonly toldOf = new Set<string>();

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
        for (const id of event.conversationIds) this.conversations.add(id);
        this.toldOf.add(event.messageId);
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
      case "visitors-signed-out":
        // The token is void now: the chat starts over as a new visitor.
        this.send(sseEvent("signed-out", {}));
        this.close();
        return;
      default:
        return;
    }
  }

  resync(): void {
    this.readEverywhere = true;
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
        const focus = this.readEverywhere ? null : { conversationIds: [...this.conversations], messageIds: [...this.toldOf] };
        this.readEverywhere = false;
        this.toldOf.clear();
        let full = true;
        while (full && !this.closed) {
          const page = await this.read(this.cursor, focus);
          full = page.full;
          for (const row of page.rows) {
            if (row.conversationId) this.conversations.add(row.conversationId);
            this.send(sseEvent("message", row, row.id));
          }
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
