/**
 * What `npm run dev` and `npm start` share: secrets, the database (embedded by default),
 * the Inngest Dev Server when it can run, Next.js, one clear "open this" line, and a
 * clean shutdown of all of them on Ctrl-C / SIGTERM or when Next.js dies (./supervisor.ts).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { ensureLocalSecrets, MissingSecrets } from "../../src/server/config/local-secrets";
import { appDataDir, BootstrapError, startAppDatabase, startTestDatabase, type DatabaseHandle } from "../../src/server/db/bootstrap";
import { superviseProcesses } from "./supervisor";

const nextBin = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");

export interface ServeOptions {
  /** "test": a fresh throw-away database (end-to-end tests), never the dev data. */
  database?: "app" | "test";
  /**
   * Runs once the database is migrated, before Next.js starts (`npm run demo` sets up its tenant
   * here). Whatever it returns is printed under the "ready" line; if it throws, everything stops.
   */
  prepare?: (app: { databaseUrl: string; appUrl: string }) => Promise<string | void>;
}

/** One line saying why; the stack only for what nobody foresaw. */
function reportStartFailure(error: unknown) {
  console.error(`\n✖ ${error instanceof Error ? error.message : String(error)}\n`);
  if (!(error instanceof BootstrapError || error instanceof MissingSecrets)) console.error(error);
}

export async function serveApp(mode: "dev" | "start", options: ServeOptions = {}): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const url = `http://localhost:${port}`;
  const supervisor = superviseProcesses();
  const { shutdown } = supervisor;

  let database: DatabaseHandle;
  try {
    ensureLocalSecrets();
    const starting = options.database === "test" ? startTestDatabase() : startAppDatabase();
    supervisor.holdDatabase(starting);
    database = await starting;
  } catch (error) {
    reportStartFailure(error);
    await shutdown(1);
    return;
  }
  const source =
    options.database === "test"
      ? "a fresh test database"
      : database.embedded
        ? `embedded PostgreSQL (${path.relative(process.cwd(), appDataDir) || appDataDir})`
        : "PostgreSQL from DATABASE_URL";
  console.log(`[db] ${source}, migrations applied`);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? url,
    PORT: String(port),
    NEXT_TELEMETRY_DISABLED: "1",
  };

  let readyNote: string | void = undefined;
  if (options.prepare) {
    try {
      readyNote = await options.prepare({ databaseUrl: database.url, appUrl: env.NEXTAUTH_URL ?? url });
    } catch (error) {
      reportStartFailure(error);
      await shutdown(1);
      return;
    }
  }

  if (mode === "dev") {
    const inngest = startInngestDevServer(port);
    if (inngest) {
      supervisor.adopt(inngest, "Inngest Dev Server");
      env.INNGEST_DEV = "1";
    }
  }

  const next = spawn(process.execPath, [nextBin, mode, "-p", String(port)], { env, stdio: ["inherit", "pipe", "inherit"] });
  supervisor.adopt(next, "Next.js server", { vital: true });
  next.stdout?.on("data", (chunk: Buffer) => process.stdout.write(chunk));

  if (await waitForHttp(`${url}/sign-in`, 150_000)) {
    console.log(`\n  ➜ Switchboard is ready: open ${url}\n`);
    if (readyNote) console.log(`${readyNote}\n`);
  }
}

function startInngestDevServer(port: number): ChildProcess | null {
  const probe = spawnSync("inngest-cli", ["version"], { stdio: "ignore" });
  if (probe.error || probe.status !== 0) {
    console.log("[inngest] inngest-cli cannot run here: no Dev Server; the embedded runner keeps every delivery rule (retries, deactivation, release)");
    return null;
  }
  console.log("[inngest] Dev Server starting on http://localhost:8288");
  return spawn("inngest-cli", ["dev", "--no-discovery", "-u", `http://localhost:${port}/api/inngest`], { stdio: "ignore" });
}

async function waitForHttp(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { redirect: "manual" });
      if (response.status < 500) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  console.error(`Next.js did not answer on ${url} within ${timeoutMs / 1000} s`);
  return false;
}
