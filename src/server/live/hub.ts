/**
 * The live machinery of one app process: the registry of its open streams, the shared heartbeat
 * and the one listening connection, created on first use (the first stream opened), not at start,
 * so a process that never serves a stream never holds a listening connection.
 */
import { env } from "@/server/config/env";
import { SharedHeartbeat } from "./heartbeat";
import { LiveListener } from "./listener";
import { streamLimits } from "./limits";
import { LiveRegistry } from "./registry";

/** Streams end after this long (plus up to a quarter), so credentials are checked again on the reconnect. */
export const STREAM_MAX_AGE_MS = 30 * 60_000;

export interface LiveHub {
  registry: LiveRegistry;
  heartbeat: SharedHeartbeat;
  listener: LiveListener;
}

// Next's dev server re-evaluates modules on every change: keep one hub per process.
const globalForLive = globalThis as unknown as { liveHub?: LiveHub };

export function liveHub(): LiveHub {
  globalForLive.liveHub ??= createHub();
  return globalForLive.liveHub;
}

function createHub(): LiveHub {
  const registry: LiveRegistry = new LiveRegistry(streamLimits(), (open) => (open ? heartbeat.start() : heartbeat.stop()));
  const heartbeat = new SharedHeartbeat((visit) => registry.forEach(visit), STREAM_MAX_AGE_MS);
  const listener = new LiveListener(() => env().DATABASE_URL, {
    onEvent: (event) => registry.dispatch(event),
    onListening: () => registry.forEach((stream) => stream.resync()),
  });
  return { registry, heartbeat, listener };
}
