/**
 * Starts src/test/runner-process.ts as child processes on the test database: several app
 * processes' embedded runners racing for the same work, as in production.
 */
import { startTsxChild } from "./tsx-child";

export interface RunnerProcess {
  pid: number;
  output: () => string;
  stop: () => Promise<void>;
}

export async function startRunnerProcess(env: Record<string, string> = {}): Promise<RunnerProcess> {
  const { pid, output, stop } = await startTsxChild("src/test/runner-process.ts", env, /running/, "The runner process");
  return { pid, output, stop };
}
