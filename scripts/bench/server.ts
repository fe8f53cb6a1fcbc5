/** The benchmarked server process: when it is up, which process it really is, its memory. */
import { readFileSync } from "node:fs";

export async function waitUntilUp(url: string) {
  for (let i = 0; i < 120; i += 1) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`The server did not start on ${url}`);
}

const read = (file: string) => {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
};

const childrenOf = (pid: number) =>
  read(`/proc/${pid}/task/${pid}/children`)
    .split(" ")
    .filter(Boolean)
    .map(Number);

/**
 * The process that serves requests: Next's start-server titles itself "next-server"
 * (node_modules/next/dist/server/lib/start-server.js), and it may be the spawned process or a
 * child of it (a wrapper such as scripts/start.ts), so the spawned tree is searched.
 */
export function nextServerPid(rootPid: number): number {
  const queue = [rootPid];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    if (read(`/proc/${pid}/cmdline`).startsWith("next-server")) return pid;
    queue.push(...childrenOf(pid));
  }
  throw new Error(`No next-server process under ${rootPid}`);
}

/** Resident memory of a process in MiB, from /proc/<pid>/status (Linux). */
export function rssMiB(pid: number): number {
  const line = /^VmRSS:\s+(\d+) kB$/m.exec(read(`/proc/${pid}/status`));
  if (!line?.[1]) throw new Error(`No VmRSS for process ${pid}: has it exited?`);
  return Number(line[1]) / 1024;
}
