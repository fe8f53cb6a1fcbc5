/**
 * Starts src/test/route-server.ts as a child process on the test database (an app process of its
 * own: its own pool, its own live listener) and stops it again.
 */
import { startTsxChild } from "./tsx-child";

export interface RouteProcess {
  url: string;
  pid: number;
  output: () => string;
  stop: () => Promise<void>;
}

export async function startRouteProcess(env: Record<string, string> = {}): Promise<RouteProcess> {
  const { ready, pid, output, stop } = await startTsxChild("src/test/route-server.ts", env, /listening (\d+)/, "The route server");
  return { url: `http://127.0.0.1:${Number(ready[1])}`, pid, output, stop };
}
