/**
 * Which runner does this process's durable work, picked once from the environment: Inngest
 * when it is configured (INNGEST_DEV, or an event or signing key), the embedded runner
 * otherwise. Adapters (route handlers, tRPC routers, Inngest functions) get the pipeline's
 * hand-offs from durableWork() and pass them in; instrumentation starts the runner.
 */
import { durableRunnerKind, env } from "@/server/config/env";
import { db } from "@/server/db/client";
import type { DurableWork } from "@/server/delivery/durable-work";
import { inngestWork } from "@/server/inngest/inngest-work";
import { embeddedWork } from "./embedded-work";
import { logMailSetup } from "./mail-work";
import { startEmbeddedRunner, type EmbeddedRunner } from "./embedded-runner";

const state = globalThis as unknown as { durableWork?: DurableWork; embeddedRunner?: EmbeddedRunner };

export function durableWork(): DurableWork {
  state.durableWork ??= durableRunnerKind() === "inngest" ? inngestWork(db()) : embeddedWork(db());
  return state.durableWork;
}

/** Starts the embedded runner once per process (with Inngest too: it takes what Inngest never got). */
export function startDurableRunner(): EmbeddedRunner {
  if (state.embeddedRunner) return state.embeddedRunner;
  const work = durableWork();
  state.embeddedRunner = startEmbeddedRunner(db(), work, { pollMs: env().DELIVERY_POLL_MS, housekeepingMs: env().HOUSEKEEPING_MS, mail: {} });
  logMailSetup();
  console.log(
    work.runner === "inngest"
      ? "[delivery] durable work: Inngest (retries, deactivations, releases); the embedded runner takes only what Inngest never got"
      : "[delivery] durable work: embedded runner (no Inngest configured): retries, relay, deactivations and releases run in this process, shared through the database",
  );
  return state.embeddedRunner;
}
