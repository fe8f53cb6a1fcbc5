/**
 * A TypeScript entry point of src/test/ run as a child process on the test database (an app
 * process of its own: its own pool, its runner, its live listener), ready once its stdout
 * matches `ready`, stopped with SIGTERM (SIGKILL after 5 s).
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export interface TsxChild {
  /** What `ready` matched in the child's output. */
  ready: RegExpExecArray;
  pid: number;
  output: () => string;
  stop: () => Promise<void>;
}

export async function startTsxChild(script: string, env: Record<string, string>, ready: RegExp, what: string): Promise<TsxChild> {
  const tsx = path.join(process.cwd(), "node_modules", "tsx", "dist", "cli.mjs");
  const child: ChildProcess = spawn(process.execPath, [tsx, script], {
    env: { ...process.env, NODE_ENV: "test", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start within 30 s:\n${output}`)), 30_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const found = ready.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}) before it started:\n${output}`));
    });
  });
  return {
    ready: match,
    pid: child.pid!,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
      }),
  };
}
