/**
 * A second (or third) app process for tests, as far as durable work goes: the embedded runner
 * alone on the test database (its own pool), polling often. Started by runner-processes.ts; prints
 * "running" once started, stops its runner on SIGTERM.
 */
import { db, pool } from "@/server/db/client";
import { embeddedWork } from "@/server/jobs/embedded-work";
import { startEmbeddedRunner } from "@/server/jobs/embedded-runner";

const runner = startEmbeddedRunner(db(), embeddedWork(db()), { pollMs: 100, sweepMs: 500, mail: {} });
// The runner's timer does not keep a process alive (an app's server does): this one stands in for it.
const alive = setInterval(() => {}, 60_000);
console.log("running");
process.on("SIGTERM", () => {
  clearInterval(alive);
  void runner
    .stop()
    .then(() => pool().end())
    .finally(() => process.exit(0));
});
