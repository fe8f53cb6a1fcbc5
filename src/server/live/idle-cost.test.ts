/**
 * What an open visitor stream costs while nothing happens, counted on its real reads of the test
 * database: one read to catch up, then none through heartbeats and other visitors' messages, and
 * one per burst of its own messages (notifications during a read fold into one more read).
 */
import { describe, expect, it } from "vitest";
import { newMessageId } from "@/server/conversations/ids";
import { listVisitorMessagesAfter, VISITOR_PAGE_SIZE } from "@/server/conversations/visitor-messages";
import { db } from "@/server/db/client";
import { createChatScene } from "@/test/chat-scene";
import type { LiveEvent } from "./events";
import { SharedHeartbeat } from "./heartbeat";
import { LiveRegistry } from "./registry";
import { VisitorStream } from "./visitor-stream";

async function until(condition: () => boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("an idle visitor stream", () => {
  it("reads once to catch up, then only when one of its own messages is written", async () => {
    const scene = await createChatScene({ action: "BOT", channel: "WEB_CHAT", botUrl: "http://127.0.0.1:9/unused" });
    const visitorId = "visitor_idle";
    let reads = 0;
    const written: string[] = [];
    const stream = new VisitorStream(
      { write: (text) => (written.push(text), true), close: () => {} },
      async (after, focus) => {
        reads += 1;
        const rows = await listVisitorMessagesAfter({ tenantId: scene.tenantId, channelAssetId: scene.asset.id, visitorId }, after, focus);
        return { rows, full: rows.length >= VISITOR_PAGE_SIZE };
      },
      null,
    );
    const registry = new LiveRegistry({ perVisitor: 5, perUser: 5, perIp: 5 });
    const heartbeat = new SharedHeartbeat((visit) => registry.forEach(visit), 60 * 60_000);
    registry.admitVisitor(stream, { channelAssetId: scene.asset.id, visitorId, ip: null });
    stream.start();
    await until(() => written.some((w) => w.startsWith("event: ready")));
    expect(reads).toBe(1);

    const event = (channelUserId: string, messageId: string): LiveEvent => ({
      type: "message",
      tenantId: scene.tenantId,
      channelAssetId: scene.asset.id,
      channelUserId,
      conversationIds: [],
      messageId,
    });
    for (let i = 0; i < 3; i += 1) heartbeat.beat(Date.now());
    registry.dispatch(event("someone_else", "msg_x"));
    await new Promise((r) => setTimeout(r, 50));
    expect(reads).toBe(1);
    expect(written.slice(-3)).toEqual([": ping\n\n", ": ping\n\n", ": ping\n\n"]);

    // A burst of five of its messages: the reads fold together, each row is sent once.
    const ids = Array.from({ length: 5 }, () => newMessageId());
    const start = Date.now();
    for (const [index, id] of ids.entries()) {
      await db().message.create({
        data: { id, tenantId: scene.tenantId, channelAssetId: scene.asset.id, channelUserId: visitorId, sender: "BOT", kind: "MESSAGE", text: id, createdAt: new Date(start + index) },
      });
      registry.dispatch(event(visitorId, id));
    }
    await until(() => ids.every((id) => written.some((w) => w.includes(`id: ${id}\n`))));
    await new Promise((r) => setTimeout(r, 50));
    expect(reads).toBeGreaterThan(1);
    expect(reads).toBeLessThanOrEqual(1 + ids.length);
    const sent = written.filter((w) => w.startsWith("event: message")).map((w) => /id: (\S+)/.exec(w)?.[1]);
    expect(sent).toEqual(ids);
    stream.close();
  });
});
