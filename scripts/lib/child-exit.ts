/** How a child process ended, observed once and kept, so nobody waits for an 'exit' already emitted. */
import type { ChildProcess } from "node:child_process";

export interface ExitStatus {
  /** Null when a signal ended it. */
  code: number | null;
  /** Set when a signal ended it (SIGKILL from the OOM killer, for one): then `code` is null. */
  signal: NodeJS.Signals | null;
}

/** Call right after spawning: resolves when the child has ended, or could not be spawned at all. */
export function exitOf(child: ChildProcess): Promise<ExitStatus> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    child.once("exit", (code, signal) => resolve({ code, signal }));
    child.once("error", () => {
      if (child.pid === undefined) resolve({ code: null, signal: null });
    });
  });
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export function describeExit(status: ExitStatus): string {
  if (status.signal) return `was killed by ${status.signal}`;
  if (status.code === null) return "could not be started";
  // `next dev` exits 0 when its own server process dies.
  return status.code === 0 ? "exited unexpectedly (code 0)" : `exited with code ${status.code}`;
}
