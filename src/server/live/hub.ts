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
  endStreamsOnShutdown({ registry, heartbeat, listener });
  return { registry, heartbeat, listener };
}

/**
 * `next start` stops on SIGTERM or SIGINT only once every response has ended, and a stream never
 * does: end them all then and refuse new ones (the browsers reconnect, to another process or after
 * the restart). When nothing else handles the signal, it is raised again so that the process stops.
 */
function endStreamsOnShutdown(hub: LiveHub) {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      hub.registry.closeAll();
      hub.heartbeat.stop();
      void hub.listener.stop();
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}
