/**
 * The app as a process manager runs it: `node --import tsx scripts/start.ts` (what `npm start` runs: no tsx wrapper process between a signal and the supervisor) as a child
 * process, its supervisor, its Next.js server and, without a DATABASE_URL, its embedded PostgreSQL.
 * For tests of crashes, restarts and outages, which need real processes to kill.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { exitOf, hasExited, type ExitStatus } from "../../scripts/lib/child-exit";
import { freePort } from "@/server/db/bootstrap";
import { descendantsOf } from "./process-tree";
import { ensureProductionBuild } from "./production-build";

export interface AppServerOptions {
  /** The database to use; without one, `env.EMBEDDED_POSTGRES_DIR` must say where the embedded one lives. */
  databaseUrl?: string;
  port?: number;
  /** More environment for the app (DELIVERY_RETRY_SCHEDULE, …); `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  readyTimeoutMs?: number;
}

export interface AppServer {
  url: string;
  port: number;
  /** The `node --import tsx scripts/start.ts` process. */
  supervisor: ChildProcess;
  exited: Promise<ExitStatus>;
  /** What the supervisor and everything under it printed so far. */
  output(): string;
  /** The pid of the Next.js server under the supervisor (throws when there is none). */
  nextServerPid(): number;
  /** Ctrl-C in a terminal: SIGINT to the supervisor and everything under it (its process group). */
  interrupt(): void;
  /** SIGTERM to the supervisor, as a process manager stops it; SIGKILL to all of it after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<ExitStatus>;
}

const root = process.cwd();

export async function startAppServer(options: AppServerOptions = {}): Promise<AppServer> {
  const extra = options.env ?? {};
  if (!options.databaseUrl && !extra.EMBEDDED_POSTGRES_DIR) {
    throw new Error("startAppServer: give a databaseUrl or env.EMBEDDED_POSTGRES_DIR, never the developer's .data/postgres");
  }
  await ensureProductionBuild();
  const port = options.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    NEXT_TELEMETRY_DISABLED: "1",
    ALLOW_PRIVATE_WEBHOOK_URLS: "true",
    DATABASE_URL: options.databaseUrl,
  };
  for (const [name, value] of Object.entries(extra)) env[name] = value;
  for (const name of Object.keys(env)) if (env[name] === undefined) delete env[name];

  // Its own process group, as a terminal gives one: Ctrl-C reaches all of it, PostgreSQL included.
  const supervisor = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const exited = exitOf(supervisor);
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-200_000);
  };
  supervisor.stdout?.on("data", collect);
  supervisor.stderr?.on("data", collect);

  const url = `http://localhost:${port}`;
  const nextServerPid = () => {
    if (supervisor.pid === undefined) throw new Error("The supervisor did not start");
    const next = descendantsOf(supervisor.pid).find((p) => p.command.startsWith("next-server") || p.command.includes("next/dist/bin/next"));
    if (!next) throw new Error(`No Next.js server under the supervisor (pid ${supervisor.pid}). Output:\n${output}`);
    return next.pid;
  };
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (supervisor.pid) process.kill(-supervisor.pid, signal);
    } catch {
      // the group is gone
    }
  };
  const stop = async (timeoutMs = 30_000): Promise<ExitStatus> => {
    if (!hasExited(supervisor)) {
      supervisor.kill("SIGTERM");
      // Only what this helper started: the supervisor's process group.
      const timer = setTimeout(() => signalGroup("SIGKILL"), timeoutMs);
      await exited;
      clearTimeout(timer);
    }
    return exited;
  };

  const server: AppServer = { url, port, supervisor, exited, output: () => output, nextServerPid, interrupt: () => signalGroup("SIGINT"), stop };
  await waitUntilReady(server, options.readyTimeoutMs ?? 120_000);
  return server;
}

async function waitUntilReady(server: AppServer, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let ended: ExitStatus | undefined;
  void server.exited.then((status) => (ended = status));
  while (Date.now() < deadline) {
    if (ended) throw new Error(`The app exited before it answered (${JSON.stringify(ended)}). Output:\n${server.output()}`);
    try {
      const response = await fetch(`${server.url}/sign-in`, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await server.stop();
  throw new Error(`The app did not answer on ${server.url} within ${timeoutMs / 1000} s. Output:\n${server.output()}`);
}

