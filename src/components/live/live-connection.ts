/**
 * The signed-in page's one live stream (GET /api/live, Server-Sent Events): shared by every
 * component that listens, opened while at least one does, closed shortly after the last leaves
 * (a page change does not reconnect it). It names what changed, never the data: listeners
 * refetch their own queries. After a reconnect everything is refetched once, since events sent
 * meanwhile were missed.
 */

export interface LiveChange {
  what: "message" | "conversation" | "delivery" | "receipt" | "channel" | "alert";
  /** Null: too many to list, or unknown (after a reconnect): refetch everything shown. */
  conversationIds: string[] | null;
}

export interface LiveTyping {
  channelAssetId: string;
  channelUserId: string;
  conversationId: string | null;
  from: "CUSTOMER" | "BOT" | "AGENT";
  typing: boolean;
}

export interface LiveListener {
  onChange?: (change: LiveChange) => void;
  onTyping?: (typing: LiveTyping) => void;
}

/** How long the stream stays open after the last listener left. */
const LINGER_MS = 2_000;

class LiveConnection {
  private source: EventSource | null = null;
  private readonly listeners = new Set<LiveListener>();
  private readonly stateListeners = new Set<() => void>();
  private connected = false;
  private everConnected = false;
  private tenantId: string | null = null;
  private wantedTenant: string | null = null;
  private lingering: ReturnType<typeof setTimeout> | undefined;

  listen(listener: LiveListener): () => void {
    this.listeners.add(listener);
    clearTimeout(this.lingering);
    if (!this.source) this.open();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.lingering = setTimeout(() => this.shut(), LINGER_MS);
    };
  }

  /** The organization the page works in: a stream for another one is reopened (the cookie decides). */
  setTenant(tenantId: string | null): void {
    this.wantedTenant = tenantId;
    if (this.source && this.tenantId && tenantId && this.tenantId !== tenantId) {
      this.shut();
      if (this.listeners.size > 0) this.open();
    }
  }

  isConnected = () => this.connected;

  subscribeState = (listener: () => void) => {
    this.stateListeners.add(listener);
    return () => void this.stateListeners.delete(listener);
  };

  private open(): void {
    const source = new EventSource("/api/live");
    this.source = source;
    source.addEventListener("ready", (event) => {
      this.tenantId = (JSON.parse((event as MessageEvent<string>).data) as { tenantId: string }).tenantId;
      const reconnected = this.everConnected;
      this.everConnected = true;
      this.setConnected(true);
      if (this.wantedTenant && this.tenantId !== this.wantedTenant) return this.setTenant(this.wantedTenant);
      if (reconnected) this.emit({ onChange: { what: "conversation", conversationIds: null } });
    });
    source.addEventListener("change", (event) => this.emit({ onChange: JSON.parse((event as MessageEvent<string>).data) as LiveChange }));
    source.addEventListener("typing", (event) => this.emit({ onTyping: JSON.parse((event as MessageEvent<string>).data) as LiveTyping }));
    source.addEventListener("error", () => {
      this.setConnected(false);
      // Refused (signed out, no longer a member): the page's own queries say why; try again later.
      if (source.readyState === EventSource.CLOSED && this.source === source) {
        this.source = null;
        setTimeout(() => {
          if (!this.source && this.listeners.size > 0) this.open();
        }, 10_000);
      }
    });
  }

  private shut(): void {
    this.source?.close();
    this.source = null;
    this.tenantId = null;
    this.everConnected = false;
    this.setConnected(false);
  }

  private emit(event: { onChange?: LiveChange; onTyping?: LiveTyping }): void {
    for (const listener of [...this.listeners]) {
      if (event.onChange) listener.onChange?.(event.onChange);
      if (event.onTyping) listener.onTyping?.(event.onTyping);
    }
  }

  private setConnected(connected: boolean): void {
    if (this.connected === connected) return;
    this.connected = connected;
    for (const listener of this.stateListeners) listener();
  }
}

/** One per browser tab. */
export const liveConnection = new LiveConnection();
