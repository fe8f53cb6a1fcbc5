/**
 * The registry and the shared heartbeat, in memory: who hears an event, the limits on open
 * streams, and that open streams cost one timer in all (none each), which closes old streams.
 */
import { describe, expect, it } from "vitest";
import type { LiveEvent } from "./events";
import { SharedHeartbeat } from "./heartbeat";
import { LiveStream } from "./live-stream";
import { LiveRegistry, StreamsClosing, TooManyStreams } from "./registry";
import type { LiveSink } from "./sink";

/** A stream that keeps what it hears; its sink keeps what it writes. */
class RecordingStream extends LiveStream {
  readonly heard: LiveEvent[] = [];
  readonly written: string[];
  constructor(written: string[] = []) {
    const sink: LiveSink = { write: (text) => (written.push(text), true), close: () => {} };
    super(sink);
    this.written = written;
  }
  receive(event: LiveEvent) {
    this.heard.push(event);
  }
  resync() {}
}

const limits = { perVisitor: 2, perUser: 2, perIp: 3 };
const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;

describe("live registry", () => {
  it("hands an event to its visitor's streams and its tenant's staff streams only", () => {
    const registry = new LiveRegistry({ perVisitor: 10, perUser: 10, perIp: 100 });
    const alice = new RecordingStream();
    const bob = new RecordingStream();
    const staffA = new RecordingStream();
    const staffB = new RecordingStream();
    registry.admitVisitor(alice, { channelAssetId: "asset_1", visitorId: "alice", ip: null });
    registry.admitVisitor(bob, { channelAssetId: "asset_1", visitorId: "bob", ip: null });
    registry.admitStaff(staffA, { tenantId: "tenant_a", userId: "u1", ip: null });
    registry.admitStaff(staffB, { tenantId: "tenant_b", userId: "u2", ip: null });

    const message: LiveEvent = { type: "message", tenantId: "tenant_a", channelAssetId: "asset_1", channelUserId: "alice", conversationIds: ["c1"], messageId: "m1" };
    registry.dispatch(message);
    expect(alice.heard).toEqual([message]);
    expect(bob.heard).toEqual([]);
    expect(staffA.heard).toEqual([message]);
    expect(staffB.heard).toEqual([]);

    const deleted: LiveEvent = { type: "channel-deleted", tenantId: "tenant_a", channelAssetId: "asset_1" };
    registry.dispatch(deleted);
    expect(bob.heard).toEqual([deleted]);

    // A closed stream hears nothing more and leaves no trace.
    alice.close();
    registry.dispatch(message);
    expect(alice.heard).toEqual([message, deleted]);
    expect(registry.size).toBe(3);
  });

  it("limits open streams per visitor, per user and per IP address, until one closes", () => {
    const registry = new LiveRegistry(limits);
    const visitor = { channelAssetId: "asset_1", visitorId: "alice", ip: "10.0.0.1" };
    const first = new RecordingStream();
    registry.admitVisitor(first, visitor);
    registry.admitVisitor(new RecordingStream(), visitor);
    expect(() => registry.admitVisitor(new RecordingStream(), visitor)).toThrow(TooManyStreams);
    try {
      registry.admitVisitor(new RecordingStream(), visitor);
    } catch (error) {
      expect(error).toMatchObject({ scope: "visitor", limit: 2, message: expect.stringContaining("At most 2 live streams") });
    }
    first.close();
    registry.admitVisitor(new RecordingStream(), visitor);

    // Two visitors' streams from 10.0.0.1 so far: one more, then the address is full.
    registry.admitStaff(new RecordingStream(), { tenantId: "t", userId: "u1", ip: "10.0.0.1" });
    expect(() => registry.admitVisitor(new RecordingStream(), { ...visitor, visitorId: "bob" })).toThrow(expect.objectContaining({ scope: "ip", limit: 3 }));
    registry.admitStaff(new RecordingStream(), { tenantId: "t", userId: "u1", ip: "10.0.0.2" });
    expect(() => registry.admitStaff(new RecordingStream(), { tenantId: "t", userId: "u1", ip: "10.0.0.3" })).toThrow(expect.objectContaining({ scope: "user" }));
  });

  it("ends every stream at shutdown and admits no more, so the server can stop", () => {
    const registry = new LiveRegistry(limits);
    const open = [new RecordingStream(), new RecordingStream()];
    registry.admitVisitor(open[0]!, { channelAssetId: "a", visitorId: "v", ip: null });
    registry.admitStaff(open[1]!, { tenantId: "t", userId: "u", ip: null });
    registry.closeAll();
    expect(open.every((s) => s.closed)).toBe(true);
    expect(registry.size).toBe(0);
    expect(() => registry.admitVisitor(new RecordingStream(), { channelAssetId: "a", visitorId: "w", ip: null })).toThrow(StreamsClosing);
  });

  it("beats every open stream from one timer, started by the first stream and stopped by the last", () => {
    const registry: LiveRegistry = new LiveRegistry({ perVisitor: 10, perUser: 10, perIp: 10_000 }, (open) => (open ? heartbeat.start() : heartbeat.stop()));
    const heartbeat = new SharedHeartbeat((visit) => registry.forEach(visit), 60_000);
    const before = timers();
    const streams = Array.from({ length: 500 }, (_, i) => {
      const stream = new RecordingStream();
      registry.admitVisitor(stream, { channelAssetId: "a", visitorId: `v${i}`, ip: null });
      return stream;
    });
    expect(heartbeat.running).toBe(true);
    expect(timers() - before).toBe(1);

    heartbeat.beat(Date.now());
    expect(streams.every((s) => s.written.join("") === ": ping\n\n")).toBe(true);
    // Past its lifetime (and the most a stream may get beyond it), a stream is closed at the next beat.
    heartbeat.beat(Date.now() + 60_000 * 1.25 + 1);
    expect(streams.every((s) => s.closed)).toBe(true);
    expect(registry.size).toBe(0);
    expect(heartbeat.running).toBe(false);
    expect(timers()).toBe(before);
  });
});
