/**
 * Starts src/test/runner-process.ts as child processes on the test database: several app
 * processes' embedded runners racing for the same work, as in production.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export interface RunnerProcess {
  pid: number;
  output: () => string;
  stop: () => Promise<void>;
}

export async function startRunnerProcess(env: Record<string, string> = {}): Promise<RunnerProcess> {
  const tsx = path.join(process.cwd(), "node_modules", "tsx", "dist", "cli.mjs");
  const child: ChildProcess = spawn(process.execPath, [tsx, "src/test/runner-process.ts"], {
    env: { ...process.env, NODE_ENV: "test", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The runner process did not start within 30 s:\n${output}`)), 30_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("running")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`The runner process exited (${code}) before it started:\n${output}`));
    });
  });
  return {
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
