import { AsyncResource } from "node:async_hooks";
import { after } from "next/server";

/**
 * Runs work after the response is sent: the first delivery attempt needs no queue hop and never
 * delays the caller.
 *
 * In the server the work runs in the background scope opened at start (openBackgroundScope),
 * not in the request's async context: an attempt that waits its turn for a slow receiver then
 * holds only its own state, where Next's `after(callback)` keeps the request's stores alive
 * until the callback ends. A stop still waits for the work: while any is running, one promise
 * that settles when none is (registered with `after()` by the request that found none pending)
 * is what Next's shutdown waits for. Outside the server (scripts, tests calling a handler
 * directly) `after()` is used when there is a request, and the work starts at once otherwise.
 */
export function afterResponse(work: () => Promise<unknown>): void {
  const run = () => work().catch((error: unknown) => console.error("Work after the response failed:", error));
  const background = holder.background;
  if (!background) {
    try {
      after(run);
    } catch {
      void run();
    }
    return;
  }
  background.running++;
  if (!background.idle) {
    let settle = () => {};
    const idle = new Promise<void>((resolve) => (settle = resolve));
    try {
      after(idle);
      background.idle = settle;
    } catch {
      // Not in a request: nothing will wait for this work at shutdown.
    }
  }
  // setImmediate: once this turn, which writes the response, is over.
  background.scope.runInAsyncScope(() =>
    setImmediate(() => {
      void run().finally(() => {
        if (--background.running > 0) return;
        background.idle?.();
        background.idle = undefined;
      });
    }),
  );
}

interface Background {
  scope: AsyncResource;
  running: number;
  /** Settles the promise a stop waits for, when one is registered. */
  idle?: () => void;
}

// One per process, shared by the module copies Next's bundles make.
const holder = globalThis as unknown as { background?: Background };

/** Called once at server start, outside any request: the async context background work runs in. */
export function openBackgroundScope(): void {
  holder.background ??= { scope: new AsyncResource("background-work"), running: 0 };
}
