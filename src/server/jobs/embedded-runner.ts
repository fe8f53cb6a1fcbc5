/**
 * The embedded runner: durable delivery work driven by the database alone, in every app
 * process (docs/delivery.md). Every DELIVERY_POLL_MS it takes the due deliveries (retries at
 * their time, first attempts a dead process never made, attempts whose claim expired) through
 * the pipeline, no more per receiver than it has free slots; every minute it sweeps for lost
 * integration hand-offs; every HOUSEKEEPING_MS it starts the housekeeping (housekeeping.ts) beside
 * the ticks. Several processes on one database share the work: the attempt's claim (FOR UPDATE
 * SKIP LOCKED, with a lease) lets exactly one of them take a delivery.
 * With Inngest configured it runs too, leaving to Inngest the retries Inngest accepted.
 * Each tick also sends the mail that is due (src/server/mail/send-due-mails.ts).
 */
import { env } from "@/server/config/env";
import type { Db } from "@/server/db/client";
import { pool } from "@/server/db/client";
import { DUE_DELIVERIES } from "@/server/delivery/delivery-sql";
import type { DurableWork } from "@/server/delivery/durable-work";
import { deliverInOrder } from "@/server/delivery/pipeline";
import { receiverSlots } from "@/server/delivery/receiver-slots";
import { sendDueMails, type SendOptions } from "@/server/mail/send-due-mails";
import { safely } from "./embedded-work";
import { runHousekeeping } from "./housekeeping";
import { sweep } from "./sweep";

const BATCH = 200;
/** A retry Inngest accepted is its own unless it is this late. */
const INNGEST_GRACE_SECONDS = 120;
const SWEEP_MS = 60_000;

export interface RunnerOptions {
  pollMs: number;
  sweepMs?: number;
  /** How often the housekeeping runs (housekeeping.ts); the app's runner sets it, tests of deliveries leave it out. */
  housekeepingMs?: number;
  /** Send due mail on each tick, with these options (the app's runner does; tests of deliveries leave it out). */
  mail?: SendOptions;
}

export interface EmbeddedRunner {
  /** One look for due deliveries (also what each tick does); resolves once they are started. */
  poll(): Promise<number>;
  stop(): Promise<void>;
}

export function startEmbeddedRunner(db: Db, work: DurableWork, options: RunnerOptions): EmbeddedRunner {
  const running = new Map<string, Promise<unknown>>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<number> | null = null;
  let lastSweep = 0;
  let lastHousekeeping = 0;
  // Housekeeping runs beside the ticks, never in them: a long retention run must not hold up due deliveries.
  let housekeeping: Promise<void> | null = null;
  // The first look, at start, takes at once the first attempts a stopped process left unmade:
  // racing a live process for one is harmless (the claim lets one of them have it), so only
  // the steady state leaves them their grace.
  let lookedOnce = false;

  async function takeDue(): Promise<number> {
    const { rows } = await pool().query<{ id: string; receiver: string | null }>({
      ...DUE_DELIVERIES,
      values: [BATCH, work.runner === "inngest" ? INNGEST_GRACE_SECONDS : 0, lookedOnce ? env().DELIVERY_FIRST_ATTEMPT_GRACE_SECONDS : 0],
    });
    lookedOnce = true;
    const free = new Map<string, number>();
    let started = 0;
    for (const row of rows) {
      if (running.has(row.id)) continue;
      const receiver = row.receiver ?? row.id;
      const left = free.get(receiver) ?? receiverSlots().claims.free(receiver);
      if (left <= 0) continue; // the receiver is busy here: the next poll looks again
      free.set(receiver, left - 1);
      const job = safely("attempt a due delivery", () => deliverInOrder(db, { id: row.id, receiver: row.receiver }, work)).finally(() =>
        running.delete(row.id),
      );
      running.set(row.id, job);
      started += 1;
    }
    return started;
  }

  async function tick(): Promise<number> {
    let started = 0;
    await safely("look for due deliveries", async () => {
      started = await takeDue();
    });
    // Queued mail goes from here too, under either runner (docs/mail.md): its claim lets one runner have each.
    const mail = options.mail;
    if (mail) await safely("send due mail", () => sendDueMails(db, mail));
    if (Date.now() - lastSweep >= (options.sweepMs ?? SWEEP_MS)) {
      lastSweep = Date.now();
      await safely("sweep for lost hand-offs", () => sweep(db, work));
    }
    if (options.housekeepingMs !== undefined && !housekeeping && Date.now() - lastHousekeeping >= options.housekeepingMs) {
      lastHousekeeping = Date.now();
      housekeeping = runHousekeeping(db).finally(() => (housekeeping = null));
    }
    return started;
  }

  const poll = () => (polling ??= tick().finally(() => (polling = null)));

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void poll().finally(schedule), options.pollMs);
    timer.unref?.();
  };
  schedule();

  return {
    poll,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await polling;
      await Promise.allSettled([...running.values(), housekeeping]);
    },
  };
}
