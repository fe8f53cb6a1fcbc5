/**
 * Recording attempts on the real database: a hanging receiver's attempts time out together, and
 * their failures must not take the process's pooled connections from everybody else's requests.
 */
import { describe, expect, it } from "vitest";
import { db, pool } from "@/server/db/client";
import { deliveryScene } from "@/test/delivery-scene";
import { DEACTIVATE_AFTER_FAILURES, recordAttempt } from "./record-attempt";

/** The most pooled connections checked out at once while `run` runs. */
async function mostConnectionsDuring(run: () => Promise<unknown>): Promise<number> {
  let out = 0;
  let most = 0;
  const acquired = () => (most = Math.max(most, ++out));
  const released = () => (out -= 1);
  pool().on("acquire", acquired).on("release", released);
  try {
    await run();
  } finally {
    pool().off("acquire", acquired).off("release", released);
  }
  return most;
}

describe("recording failed attempts", () => {
  it("records one integration's concurrent failures one at a time: one connection, not one per failure", async () => {
    const scene = await deliveryScene({ action: "BOT", botUrl: "http://127.0.0.1:9/never" });
    const accepted = await Promise.all(Array.from({ length: 8 }, (_, i) => scene.say(`timed-out-${i}`, "hello")));
    const ids = accepted.flatMap((m) => m.deliveryIds);
    await db().delivery.updateMany({ where: { id: { in: ids } }, data: { attempts: 1, scheduleAttempts: 1, claimedUntil: new Date(Date.now() + 30_000) } });

    const startedAt = new Date();
    const record = (id: string) =>
      recordAttempt(db(), {
        delivery: { id, integrationId: scene.bot.id, scheduleAttempts: 1, scheduleStartedAt: null },
        attempt: 1,
        startedAt,
        durationMs: 5_000,
        statusCode: null,
        responseStart: null,
        verdict: { ok: false, reason: "timed out after 5000 ms" },
        failure: { kind: "RETRY" },
      });
    let outcomes: Awaited<ReturnType<typeof record>>[] = [];
    const most = await mostConnectionsDuring(async () => (outcomes = await Promise.all(ids.map(record))));

    expect(most).toBe(1);
    // Serialised, they still count as before: the fifth deactivates, the rest are held.
    expect(outcomes.filter((o) => o.outcome === "FAILED_ATTEMPT" && o.deactivated)).toHaveLength(1);
    const integration = await db().integration.findUniqueOrThrow({ where: { id: scene.bot.id } });
    expect(integration).toMatchObject({ status: "INACTIVE", consecutiveFailures: DEACTIVATE_AFTER_FAILURES });
    expect(await db().delivery.count({ where: { id: { in: ids }, state: "HELD" } })).toBe(8);
    expect(await db().deliveryAttempt.count({ where: { deliveryId: { in: ids } } })).toBe(8);
  });
});
