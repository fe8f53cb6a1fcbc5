/**
 * One visitor's chat in the browser, outside React: identity (kept in localStorage), polling for
 * new messages every POLL_MS from the last message ID, reconnection with backoff after a network
 * drop, sending with a client message ID (a retry reuses it, so the server keeps one copy), and
 * Read receipts, once per message. React reads it through useSyncExternalStore.
 */
import { VISITOR_PAGE_SIZE } from "@/server/conversations/visitor-messages";
import * as api from "./chat-api";
import type { ChatApiError, ChatMessage, Visitor } from "./chat-api";
import { mergeMessages, newClientMessageId, unlistedOutgoing, type Outgoing } from "./chat-state";
import { forgetVisitor, loadReadIds, loadVisitor, saveReadIds, saveVisitor } from "./visitor-storage";

export const POLL_MS = 700;
/** While the tab is in the background: it polls at once when it comes back. */
const HIDDEN_POLL_MS = 5_000;
const MAX_BACKOFF_MS = 5_000;

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
};

const asApiError = (error: unknown): ChatApiError =>
  error instanceof api.ChatApiError ? error : new api.ChatApiError(error instanceof Error ? error.message : String(error), true);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class ChatSession {
  private snapshot: ChatSnapshot = INITIAL;
  private readonly listeners = new Set<() => void>();
  private visitor: Visitor | null = null;
  private cursor: string | null = null;
  /** Bumped by start/stop: async work of an older generation drops its result. */
  private generation = 0;
  private started = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private polling = false;
  private pollAgain = false;
  private failures = 0;
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
    clearTimeout(this.timer);
    this.polling = false;
    window.removeEventListener("online", this.onOnline);
    window.removeEventListener("offline", this.onOffline);
    document.removeEventListener("visibilitychange", this.onVisibility);
  }

  /** Sends a message, or a postback when `postbackPayload` is given (the text is what the list shows). */
  async send(text: string, postbackPayload?: string): Promise<boolean> {
    if (!text.trim() && !postbackPayload) return false;
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
        await sleep(Math.min(POLL_MS * 2 ** attempt++, MAX_BACKOFF_MS));
        if (generation !== this.generation) return;
      }
    }
    this.reported = new Set(loadReadIds(this.assetId));
    this.update({ phase: "ready" });
    await this.poll(generation);
  }

  private async poll(generation: number): Promise<void> {
    if (generation !== this.generation || !this.visitor) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.polling = true;
    clearTimeout(this.timer);
    let delay = POLL_MS;
    try {
      const batch = await api.fetchMessages(this.assetId, this.visitor.token, this.cursor);
      if (generation !== this.generation) return;
      this.failures = 0;
      const full = batch.length >= VISITOR_PAGE_SIZE;
      const last = batch.at(-1);
      if (last) this.cursor = last.id;
      const messages = mergeMessages(this.snapshot.messages, batch);
      // Messages the list now shows need no entry of their own any more (except one being retried).
      const outgoing = batch.length === 0 ? this.snapshot.outgoing : this.keepUnlisted(batch);
      // A "not sent" that did arrive after all (only its answer was lost): its alert is obsolete.
      const recovered = this.snapshot.outgoing.some((o) => o.status === "failed" && !outgoing.includes(o));
      this.update({
        messages,
        outgoing,
        connection: "online",
        historyLoaded: this.snapshot.historyLoaded || !full,
        ...(recovered ? { sendError: null } : {}),
      });
      if (full) delay = 0;
      else if (document.visibilityState === "hidden") delay = HIDDEN_POLL_MS;
      this.flushReads();
    } catch (error) {
      if (generation !== this.generation) return;
      const failure = asApiError(error);
      if (failure.status === 401) {
        // The token no longer works here (the platform's keys changed): start over as a new visitor.
        forgetVisitor(this.assetId);
        this.visitor = null;
        this.cursor = null;
        this.update({ phase: "starting", messages: [], historyLoaded: false, outgoing: [] });
        this.polling = false;
        void this.connect(generation);
        return;
      }
      if (!failure.retryable) {
        this.update({ phase: "unavailable", problem: failure.message });
        return;
      }
      this.failures += 1;
      this.update({ connection: "reconnecting" });
      delay = Math.min(POLL_MS * 2 ** this.failures, MAX_BACKOFF_MS);
    } finally {
      if (generation === this.generation) this.polling = false;
    }
    if (generation !== this.generation) return;
    if (this.pollAgain) {
      this.pollAgain = false;
      delay = 0;
    }
    this.timer = setTimeout(() => void this.poll(generation), delay);
  }

  private keepUnlisted(batch: ChatMessage[]): Outgoing[] {
    const unlisted = new Set(unlistedOutgoing(this.snapshot.outgoing, batch));
    return this.snapshot.outgoing.filter((o) => unlisted.has(o) || o.status === "sending");
  }

  private pollSoon(): void {
    void this.poll(this.generation);
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
      this.pollSoon();
      return true;
    } catch (error) {
      const failure = asApiError(error);
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
          // Refused (say, the message is gone) will not change; a dropped connection is retried after the next poll.
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
  };

  private readonly onOffline = () => this.update({ connection: "reconnecting" });

  private readonly onVisibility = () => {
    if (document.visibilityState !== "visible") return;
    this.flushReads();
    this.pollSoon();
  };

  private patchOutgoing(clientId: string, patch: Partial<Outgoing>): void {
    this.update({ outgoing: this.snapshot.outgoing.map((o) => (o.clientId === clientId ? { ...o, ...patch } : o)) });
  }

  private update(patch: Partial<ChatSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}
