/**
 * A signed-in member's stream for the agent desk and the inspector: what changed in their
 * organization (which conversations; a message, a state, a delivery), never the data itself, so
 * the page refetches only what it shows through its usual, role-checked queries. Typing is for
 * the desk: only members who may use it (AGENT and up) hear it.
 */
import { hasRole } from "@/server/tenancy/roles";
import type { LiveEvent } from "./events";
import { LiveStream } from "./live-stream";
import type { LiveSink } from "./sink";
import type { Actor } from "@/server/tenancy/actor";
import { sseComment, sseEvent, sseRetry } from "./sse";

export const STAFF_RECONNECT_MS = 3_000;

/** What the page hears: `change` names the conversations to refetch (null: refetch all). */
export type StaffChange = {
  what: "message" | "conversation" | "delivery" | "receipt" | "channel" | "alert";
  conversationIds: string[] | null;
};

export class StaffStream extends LiveStream {
  constructor(
    sink: LiveSink,
    readonly viewer: Actor,
  ) {
    super(sink);
  }

  start(): void {
    this.send(sseRetry(STAFF_RECONNECT_MS) + sseComment("connected") + sseEvent("ready", { tenantId: this.viewer.tenantId }));
  }

  receive(event: LiveEvent): void {
    if (event.tenantId !== this.viewer.tenantId) return;
    switch (event.type) {
      case "message":
        return this.change({ what: "message", conversationIds: event.conversationIds });
      case "change":
        return this.change({ what: event.what, conversationIds: event.conversationIds });
      case "channel-deleted":
        return this.change({ what: "channel", conversationIds: null });
      case "typing":
        if (!hasRole(this.viewer.role, "AGENT")) return;
        this.send(
          sseEvent("typing", {
            channelAssetId: event.channelAssetId,
            channelUserId: event.channelUserId,
            conversationId: event.conversationId,
            from: event.from,
            typing: event.typing,
          }),
        );
        return;
      case "access-changed":
        // The role may be lower now, or gone: the page reconnects and is checked again.
        if (event.userId === this.viewer.userId) this.close();
        return;
    }
  }

  resync(): void {
    this.change({ what: "conversation", conversationIds: null });
  }

  private change(change: StaffChange): void {
    this.send(sseEvent("change", change));
  }
}
