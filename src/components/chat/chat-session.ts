/**
 * One visitor's chat in the browser, outside React: identity (kept in localStorage), new messages
 * pushed by the live stream (chat-stream.ts) from the last message on, polling only while the
 * stream does not work (then slowly, and more slowly in a background tab), sending with a client
 * message ID (a retry reuses it, so the server keeps one copy), typing both ways, and Read
 * receipts, once per message. React reads it through useSyncExternalStore.
 */
import { VISITOR_PAGE_SIZE } from "@/server/conversations/visitor-page";
import { TypingAnnouncer } from "@/components/live/typing-announcer";
import * as api from "./chat-api";
import type { ChatApiError, ChatMessage, Visitor } from "./chat-api";
import { agentState, mergeMessages, newClientMessageId, unlistedOutgoing, type Outgoing } from "./chat-state";
import { ChatStream, type StreamTrouble, type TypingSender } from "./chat-stream";
import { forgetVisitor, loadReadIds, loadVisitor, saveReadIds, saveVisitor } from "./visitor-storage";

/** Polling, only while the stream does not work: every few seconds, and slower in a background tab. */
export const FALLBACK_POLL_MS = 5_000;
const HIDDEN_POLL_MS = 15_000;
const RETRY_MS = 700;
const MAX_BACKOFF_MS = 5_000;
/** After this many troubles in a row the stream is tried again only every STREAM_RETRY_MS. */
const TROUBLES_BEFORE_SLOW_RETRY = 3;
const STREAM_RETRY_MS = 30_000;
/** "… is typing" stays this long unless it is said again (or the message arrives). */
export const TYPING_SHOWN_MS = 6_000;

export interface ChatSnapshot {
  /** "unavailable": the chat cannot work here (unknown channel, origin not allowed); `problem` says why. */
  phase: "starting" | "ready" | "unavailable";
  problem: string | null;
  messages: ChatMessage[];
  /** The whole history has been read once (the loading state ends). */
  historyLoaded: boolean;
  connection: "online" | "reconnecting";
  /** What the visitor sent in this page's lifetime and the list may not show yet. */
  outgoing: Outgoing[];
  sending: boolean;
  /** The last send failure, for the alert next to the send box. */
  sendError: string | null;
  /** Who is typing to the visitor right now. */
  typing: TypingSender | null;
}

const INITIAL: ChatSnapshot = {
  phase: "starting",
  problem: null,
  messages: [],
  historyLoaded: false,
  connection: "online",
  outgoing: [],
  sending: false,
  sendError: null,
  typing: null,
};

const asApiError = (error: unknown): ChatApiError =>
  error instanceof api.ChatApiError ? error : new api.ChatApiError(error instanceof Error ? error.message : String(error), true);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Rows come in (createdAt, id) order; ISO timestamps of one format compare as strings. */
const isAfter = (row: ChatMessage, cursor: ChatMessage | null) =>
  !cursor || row.createdAt > cursor.createdAt || (row.createdAt === cursor.createdAt && row.id > cursor.id);

export class ChatSession {
  private snapshot: ChatSnapshot = INITIAL;
  private readonly listeners = new Set<() => void>();
  private visitor: Visitor | null = null;
  /** The latest message the page has: where the stream (or a poll) resumes. */
  private last: ChatMessage | null = null;
  /** Bumped by start/stop: async work of an older generation drops its result. */
  private generation = 0;
  private started = false;
  private stream: ChatStream | null = null;
  private streamReady = false;
  private troubles = 0;
  private streamTimer: ReturnType<typeof setTimeout> | undefined;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private polling = false;
  private pollScheduled = false;
  private pollAgain = false;
  private failures = 0;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly typingOut = new TypingAnnouncer((typing) => this.announceTyping(typing));
  private reported = new Set<string>();
  private readonly readQueue = new Set<string>();
  private readonly readInFlight = new Set<string>();

  constructor(readonly assetId: string) {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  getSnapshot = () => this.snapshot;
  getServerSnapshot = () => INITIAL;

  start(): void {
    if (this.started) return;
    this.started = true;
    const generation = ++this.generation;
    window.addEventListener("online", this.onOnline);
    window.addEventListener("offline", this.onOffline);
    document.addEventListener("visibilitychange", this.onVisibility);
    void this.connect(generation);
  }

  stop(): void {
    if (!this.started) return;
    this.started = false;
    this.generation += 1;
    this.closeStream();
    clearTimeout(this.pollTimer);
    clearTimeout(this.typingTimer);
    this.typingOut.stop();
    this.polling = false;
    this.pollScheduled = false;
    window.removeEventListener("online", this.onOnline);
    window.removeEventListener("offline", this.onOffline);
    document.removeEventListener("visibilitychange", this.onVisibility);
  }

  /** Sends a message, or a postback when `postbackPayload` is given (the text is what the list shows). */
  async send(text: string, postbackPayload?: string): Promise<boolean> {
    if (!text.trim() && !postbackPayload) return false;
    this.typingOut.stop();
    const item: Outgoing = { clientId: newClientMessageId(), text, postbackPayload, status: "sending" };
    this.update({ outgoing: [...this.snapshot.outgoing, item], sending: true, sendError: null });
    const ok = await this.deliver(item);
    this.update({ sending: false });
    return ok;
  }

  /** Sends a failed message again with the same client message ID. */
  async retry(clientId: string): Promise<boolean> {
    const item = this.snapshot.outgoing.find((o) => o.clientId === clientId);
    if (!item || item.status !== "failed") return false;
    this.patchOutgoing(clientId, { status: "sending", error: undefined });
    this.update({ sendError: null });
    return this.deliver(item);
  }

  /** Removes a refused message from the list. */
  dismiss(clientId: string): void {
    this.update({ outgoing: this.snapshot.outgoing.filter((o) => o.clientId !== clientId || o.status !== "failed") });
  }

  /** The visitor's draft changed: an agent sees "Customer is typing…" (bots are not told). */
  draftChanged(text: string): void {
    if (agentState(this.snapshot.messages).withAgent) this.typingOut.input(text.trim().length > 0);
  }

  /** A bot or agent message was on screen: reported as Read once (also across reloads). */
  markSeen(messageId: string): void {
    if (this.reported.has(messageId) || this.readQueue.has(messageId)) return;
    this.readQueue.add(messageId);
    this.flushReads();
  }

  private async connect(generation: number): Promise<void> {
    this.visitor = loadVisitor(this.assetId);
    let attempt = 0;
    while (!this.visitor) {
      try {
        const visitor = await api.createVisitor(this.assetId);
        if (generation !== this.generation) return;
        saveVisitor(this.assetId, visitor);
        this.visitor = visitor;
      } catch (error) {
        if (generation !== this.generation) return;
        const failure = asApiError(error);
        if (!failure.retryable) {
          this.update({ phase: "unavailable", problem: failure.message });
          return;
        }
        this.update({ connection: "reconnecting" });
        await sleep(Math.min(RETRY_MS * 2 ** attempt++, MAX_BACKOFF_MS));
        if (generation !== this.generation) return;
      }
    }
    this.reported = new Set(loadReadIds(this.assetId));
    this.update({ phase: "ready" });
    this.openStream(generation);
  }

  private openStream(generation: number): void {
    if (generation !== this.generation || !this.visitor || this.snapshot.phase === "unavailable") return;
    this.closeStream();
    this.stream = new ChatStream(api.streamUrl(this.assetId, this.visitor.token, this.last?.id ?? null), {
      onMessage: (message) => this.receive([message]),
      onReady: () => {
        this.streamReady = true;
        this.troubles = 0;
        this.failures = 0;
        this.update({ connection: "online", historyLoaded: true });
        this.flushReads();
      },
      onTyping: (from, typing) => this.showTyping(from, typing),
      onGone: (reason) => {
        this.closeStream();
        this.update({ phase: "unavailable", problem: reason });
      },
      onSignedOut: () => this.startOver(generation),
      onTrouble: (trouble) => this.streamTrouble(generation, trouble),
    });
  }

  private closeStream(): void {
    clearTimeout(this.streamTimer);
    this.stream?.close();
    this.stream = null;
    this.streamReady = false;
  }

  /**
   * The stream does not work: poll meanwhile (which also says whether the server is there, and
   * why it refused), and open the stream again later unless the browser is already retrying it.
   * No alarm for the visitor: the connection shows as lost only when polling fails too.
   */
  private streamTrouble(generation: number, trouble: StreamTrouble): void {
    if (generation !== this.generation) return;
    this.streamReady = false;
    this.troubles += 1;
    // While the browser keeps retrying, one poll loop at its own pace is enough.
    if (!this.polling && !this.pollScheduled) this.pollSoon();
    if (trouble === "dropped") return;
    this.stream = null;
    const delay = this.troubles >= TROUBLES_BEFORE_SLOW_RETRY ? STREAM_RETRY_MS : Math.min(RETRY_MS * 2 ** this.troubles, MAX_BACKOFF_MS);
    clearTimeout(this.streamTimer);
    this.streamTimer = setTimeout(() => this.openStream(generation), delay);
  }

  /** One read of GET /messages, then another while the stream is not working. */
  private async poll(generation: number): Promise<void> {
    if (generation !== this.generation || !this.visitor) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.polling = true;
    this.pollScheduled = false;
    clearTimeout(this.pollTimer);
    let delay = document.visibilityState === "hidden" ? HIDDEN_POLL_MS : FALLBACK_POLL_MS;
    try {
      const batch = await api.fetchMessages(this.assetId, this.visitor.token, this.last?.id ?? null);
      if (generation !== this.generation) return;
      // The server answers again after it could not be reached (a restart): the stream's failures
      // were the outage, not a proxy that buffers, so open it again now instead of in 30 s.
      if (this.failures > 0 && !this.stream) {
        this.troubles = 0;
        clearTimeout(this.streamTimer);
        this.openStream(generation);
      }
      this.failures = 0;
      const full = batch.length >= VISITOR_PAGE_SIZE;
      this.receive(batch);
      this.update({ connection: "online", historyLoaded: this.snapshot.historyLoaded || !full });
      if (full) delay = 0;
      this.flushReads();
    } catch (error) {
      if (generation !== this.generation) return;
      const failure = asApiError(error);
      if (failure.status === 401) {
        // The token no longer works here (visitors were signed out, or the platform's keys changed).
        this.polling = false;
        this.startOver(generation);
        return;
      }
      if (!failure.retryable) {
        this.closeStream();
        this.update({ phase: "unavailable", problem: failure.message });
        return;
      }
      this.failures += 1;
      this.update({ connection: "reconnecting" });
      delay = Math.min(RETRY_MS * 2 ** this.failures, MAX_BACKOFF_MS);
    } finally {
      if (generation === this.generation) this.polling = false;
    }
    if (generation !== this.generation) return;
    if (this.pollAgain) {
      this.pollAgain = false;
      delay = 0;
    }
    // A working stream brings everything from here on.
    if (this.streamReady && delay > 0 && this.failures === 0) return;
    this.pollScheduled = true;
    this.pollTimer = setTimeout(() => void this.poll(generation), delay);
  }

  /** The visitor's token is void: start over as a new visitor, with an empty chat. */
  private startOver(generation: number): void {
    if (generation !== this.generation) return;
    forgetVisitor(this.assetId);
    this.closeStream();
    this.visitor = null;
    this.last = null;
    this.update({ phase: "starting", messages: [], historyLoaded: false, outgoing: [] });
    void this.connect(generation);
  }

  private pollSoon(): void {
    void this.poll(this.generation);
  }

  /** Messages from the stream or a poll, in the server's order; either may repeat the other's. */
  private receive(batch: ChatMessage[]): void {
    if (batch.length === 0) return;
    for (const message of batch) if (isAfter(message, this.last)) this.last = message;
    const messages = mergeMessages(this.snapshot.messages, batch);
    // Messages the list now shows need no entry of their own any more (except one being retried).
    const outgoing = this.keepUnlisted(batch);
    // A "not sent" that did arrive after all (only its answer was lost): its alert is obsolete.
    const recovered = this.snapshot.outgoing.some((o) => o.status === "failed" && !outgoing.includes(o));
    // Whoever was typing has sent it.
    const typingDone = this.snapshot.typing !== null && batch.some((m) => m.sender === this.snapshot.typing);
    if (typingDone) clearTimeout(this.typingTimer);
    this.update({ messages, outgoing, ...(recovered ? { sendError: null } : {}), ...(typingDone ? { typing: null } : {}) });
  }

  private keepUnlisted(batch: ChatMessage[]): Outgoing[] {
    const unlisted = new Set(unlistedOutgoing(this.snapshot.outgoing, batch));
    return this.snapshot.outgoing.filter((o) => unlisted.has(o) || o.status === "sending");
  }

  private showTyping(from: TypingSender, typing: boolean): void {
    clearTimeout(this.typingTimer);
    if (!typing) {
      if (this.snapshot.typing === from) this.update({ typing: null });
      return;
    }
    this.update({ typing: from });
    this.typingTimer = setTimeout(() => this.update({ typing: null }), TYPING_SHOWN_MS);
  }

  private announceTyping(typing: boolean): void {
    const visitor = this.visitor;
    if (visitor) api.postTyping(this.assetId, visitor.token, typing).catch(() => {});
  }

  private async deliver(item: Outgoing): Promise<boolean> {
    const visitor = this.visitor;
    if (!visitor) {
      this.patchOutgoing(item.clientId, { status: "failed", error: "Not connected yet", retryable: true });
      return false;
    }
    try {
      const accepted = await api.postMessage(this.assetId, visitor.token, {
        userId: visitor.visitorId,
        messageId: item.clientId,
        ...(item.text ? { message: item.text } : {}),
        ...(item.postbackPayload ? { postbackPayload: item.postbackPayload } : {}),
      });
      this.patchOutgoing(item.clientId, { status: "sent", serverId: accepted.messageId, error: undefined, retryable: undefined });
      if (!this.streamReady) this.pollSoon();
      return true;
    } catch (error) {
      const failure = asApiError(error);
      // Is the server there at all? Polling says so, and stops once it answers.
      if (failure.retryable) this.pollSoon();
      // The answer was lost but the stream has listed the message already: it was sent.
      if (this.snapshot.messages.some((m) => m.channelMessageId === item.clientId)) {
        this.patchOutgoing(item.clientId, { status: "sent", error: undefined, retryable: undefined });
        return true;
      }
      const message = failure.retryable ? "Not sent: no connection to the chat server" : `Not sent: ${failure.message}`;
      this.patchOutgoing(item.clientId, { status: "failed", error: message, retryable: failure.retryable });
      this.update({
        sendError: failure.retryable
          ? "Your message was not sent because the connection dropped. Retry it once you are back online."
          : `Your message was not sent: ${failure.message}`,
      });
      return false;
    }
  }

  private flushReads(): void {
    const visitor = this.visitor;
    if (!visitor || typeof document === "undefined" || document.visibilityState !== "visible") return;
    for (const messageId of this.readQueue) {
      if (this.readInFlight.has(messageId)) continue;
      this.readInFlight.add(messageId);
      api
        .postReadReceipt(this.assetId, visitor.token, messageId)
        .then(() => this.readDone(messageId))
        .catch((error: unknown) => {
          // Refused (say, the message is gone) will not change; a dropped connection is retried with the next read.
          if (!asApiError(error).retryable) this.readDone(messageId);
        })
        .finally(() => this.readInFlight.delete(messageId));
    }
  }

  private readDone(messageId: string): void {
    this.readQueue.delete(messageId);
    this.reported.add(messageId);
    saveReadIds(this.assetId, this.reported);
  }

  private readonly onOnline = () => {
    this.failures = 0;
    this.pollSoon();
    // A stream given up on is tried again at once.
    if (!this.stream) this.openStream(this.generation);
  };

  private readonly onOffline = () => this.update({ connection: "reconnecting" });

  private readonly onVisibility = () => {
    if (document.visibilityState !== "visible") return;
    this.flushReads();
    if (!this.streamReady) this.pollSoon();
  };

  private patchOutgoing(clientId: string, patch: Partial<Outgoing>): void {
    this.update({ outgoing: this.snapshot.outgoing.map((o) => (o.clientId === clientId ? { ...o, ...patch } : o)) });
  }

  private update(patch: Partial<ChatSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}
