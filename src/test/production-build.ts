/**
 * Tests that run the real server need a production build. `npm test` builds before Vitest runs;
 * a test file run alone builds once if there is none, and two test files never build at once.
 */
import { spawn } from "node:child_process";
import { existsSync, openSync, closeSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";

const root = process.cwd();

export const distDir = () => process.env.NEXT_DIST_DIR || ".next";

export async function ensureProductionBuild(): Promise<void> {
  const buildId = path.join(root, distDir(), "BUILD_ID");
  const lock = path.join(root, `${distDir()}.build-lock`);
  while (!existsSync(buildId)) {
    if (takeLock(lock)) {
      try {
        if (!existsSync(buildId)) await build();
      } finally {
        unlinkSync(lock);
      }
      return;
    }
    // Another test file is building: wait for it, then look again (it may have failed).
    while (existsSync(lock) && lockHolderAlive(lock)) await new Promise((r) => setTimeout(r, 500));
    if (existsSync(lock) && !lockHolderAlive(lock)) unlinkSync(lock);
    else if (!existsSync(buildId)) throw new Error(`The production build into ${distDir()} failed in another test file: see its output`);
  }
}

function takeLock(lock: string): boolean {
  try {
    const fd = openSync(lock, "wx");
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

function lockHolderAlive(lock: string): boolean {
  const pid = Number(readFileSync(lock, "utf8").trim());
  // Just created and not written yet: treat as alive.
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function build(): Promise<void> {
  console.log(`[test] no production build in ${distDir()}: running next build once (about a minute)`);
  const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  const child = spawn(process.execPath, [nextBin, "build"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) throw new Error(`next build failed (run \`npm run build\` to see why):\n${output.slice(-4000)}`);
}
