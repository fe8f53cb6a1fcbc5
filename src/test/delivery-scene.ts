/**
 * Helpers for delivery tests on the real database: a wired tenant whose customers can write,
 * an embedded runner to let run until the work settles, and the scan for deliveries nobody
 * will ever move on.
 */
import { acceptCustomerMessage } from "@/server/conversations/accept-customer-message";
import { loadRoutingContext } from "@/server/conversations/routing-context";
import { db, pool } from "@/server/db/client";
import { startEmbeddedRunner } from "@/server/jobs/embedded-runner";
import { embeddedWork } from "@/server/jobs/embedded-work";
import { createChatScene, type SceneOptions } from "./chat-scene";

export async function deliveryScene(options: SceneOptions) {
  const scene = await createChatScene(options);
  const say = async (userId: string, text: string) => {
    const context = await loadRoutingContext(pool(), scene.asset.id);
    if (!context) throw new Error("no routing context");
    return acceptCustomerMessage(db(), context, { userId, text, messageType: "text" });
  };
  return { ...scene, say };
}

/** The embedded runner as an app process runs it, polling often (tests' retry schedules are seconds). */
export function runEmbedded(pollMs = 100) {
  const work = embeddedWork(db());
  const runner = startEmbeddedRunner(db(), work, { pollMs, sweepMs: 1_000 });
  return { work, runner };
}

/** Waits until a condition on the database holds (the runner works in the background). */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms: ${JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The scan after a fault scenario: deliveries of these tenants that are still PENDING. Once the
 * runner has had its time, every accepted message's deliveries must be DELIVERED, or visibly
 * FAILED or HELD: a PENDING one left over is work nobody will ever move on.
 */
export async function pendingDeliveries(tenantIds: string[]) {
  return db().delivery.findMany({
    where: { tenantId: { in: tenantIds }, state: "PENDING" },
    select: { id: true, attempts: true, nextAttemptAt: true, claimedUntil: true, lastError: true },
  });
}
