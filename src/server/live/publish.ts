/**
 * Sending live events. Inside a transaction (`announce`), Postgres delivers the notification at
 * commit and drops it on rollback, so a write that did not happen notifies nobody. `publish` is
 * for what writes nothing (typing) or was committed already (delivery outcomes).
 */
import type { Pool } from "pg";
import type { Tx } from "@/server/db/tx";
import { encodeLiveEvent, LIVE_CHANNEL, type LiveEvent } from "./events";

export async function announce(tx: Tx, ...events: LiveEvent[]): Promise<void> {
  for (const event of events) await tx.$executeRaw`SELECT pg_notify(${LIVE_CHANNEL}, ${encodeLiveEvent(event)})`;
}

export async function publish(pool: Pool, event: LiveEvent): Promise<void> {
  await pool.query({ name: "live-publish", text: "SELECT pg_notify($1, $2)", values: [LIVE_CHANNEL, encodeLiveEvent(event)] });
}
