/**
 * The attempt buckets behind the health charts, on the real database: rolled up from the
 * attempts, rewritten as attempts land, read per step with latency percentiles, and scoped to
 * the caller's organization.
 */
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { callerFor, createAttemptRows, createDeliveryRow, createActiveIntegration, createOwner } from "@/test/factories";
import { trpcError } from "@/test/trpc-errors";
import { addHistogram, binMs, histogramPercentile, rollUpAttempts } from "./attempt-buckets";

const FIVE_MINUTES = 5 * 60_000;
/** The start of the current five-minute bucket, and the one before. */
const bucketStart = (ago = 0) => new Date(Math.floor(Date.now() / FIVE_MINUTES) * FIVE_MINUTES - ago * FIVE_MINUTES);

/** Another test file's runner may hold the job's lock for a moment: run until this one does it. */
async function rollUp() {
  for (;;) {
    const report = await rollUpAttempts(db());
    if (report) return report;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("latency histograms", () => {
  it("merge and give nearest-rank percentiles as their bin's latency", () => {
    const histogram = new Map<number, number>();
    addHistogram(histogram, { "20": 3, "27": 1 });
    addHistogram(histogram, { "20": 5, "40": 1, junk: "x" });
    expect([...histogram.entries()].sort()).toEqual([
      [20, 8],
      [27, 1],
      [40, 1],
    ]);
    expect(histogramPercentile(histogram, 50)).toBe(binMs(20));
    expect(histogramPercentile(histogram, 90)).toBe(binMs(27));
    expect(histogramPercentile(histogram, 95)).toBe(binMs(40));
    expect(histogramPercentile(new Map(), 50)).toBeNull();
    expect(binMs(20)).toBe(32);
    expect(binMs(40)).toBe(1024);
  });
});

describe("attempt buckets", () => {
  it("roll up each integration's attempts by outcome and latency, and follow attempts that land later", async () => {
    const owner = await createOwner();
    const bot = await createActiveIntegration(owner.tenantId);
    const delivery = await createDeliveryRow(owner.tenantId, { integrationId: bot.id, state: "DELIVERED" });
    const now = bucketStart(0);
    const before = bucketStart(1);
    // The bucket before: 3 successes of 30 ms, one refusal, one timeout.
    await createAttemptRows(delivery.id, [
      { startedAt: new Date(before.getTime() + 1_000), durationMs: 30, statusCode: 200 },
      { startedAt: new Date(before.getTime() + 2_000), durationMs: 30, statusCode: 200 },
      { startedAt: new Date(before.getTime() + 3_000), durationMs: 30, statusCode: 200 },
      { startedAt: new Date(before.getTime() + 4_000), durationMs: 300, statusCode: 500, error: "HTTP 500" },
      { startedAt: new Date(before.getTime() + 5_000), durationMs: 5_000, statusCode: null, error: "timeout after 5000 ms" },
    ]);
    // The current bucket: one success of 1 ms.
    await createAttemptRows(delivery.id, [{ startedAt: new Date(now.getTime() + 1), durationMs: 1, statusCode: 200 }], 6);

    await rollUp();
    const buckets = await db().attemptBucket.findMany({ where: { integrationId: bot.id }, orderBy: { bucketStart: "asc" } });
    expect(buckets.map((b) => [b.bucketStart.getTime(), b.succeeded, b.refused, b.noAnswer])).toEqual([
      [before.getTime(), 3, 1, 1],
      [now.getTime(), 1, 0, 0],
    ]);
    // Bins as the database computes them: ceil(4 × log2(ms)).
    expect(buckets[0]!.latency).toEqual({ "20": 3, "33": 1, "50": 1 });
    expect(buckets[1]!.latency).toEqual({ "0": 1 });

    // An attempt recorded after the run is counted by the next one; running twice changes nothing.
    await createAttemptRows(delivery.id, [{ startedAt: new Date(now.getTime() + 2), durationMs: 1, statusCode: 404, error: "HTTP 404" }], 7);
    await rollUp();
    await rollUp();
    const current = await db().attemptBucket.findUniqueOrThrow({ where: { integrationId_bucketStart: { integrationId: bot.id, bucketStart: now } } });
    expect([current.succeeded, current.refused, current.noAnswer]).toEqual([1, 1, 0]);
    expect(current.latency).toEqual({ "0": 2 });
  });

  it("feed the health charts and the list's sparklines, for members of the organization only", async () => {
    const owner = await createOwner();
    const bot = await createActiveIntegration(owner.tenantId);
    const quiet = await createActiveIntegration(owner.tenantId);
    const delivery = await createDeliveryRow(owner.tenantId, { integrationId: bot.id, state: "DELIVERED" });
    const current = bucketStart(0);
    await createAttemptRows(
      delivery.id,
      Array.from({ length: 20 }, (_, i) => ({
        startedAt: new Date(current.getTime() + i),
        durationMs: i < 19 ? 100 : 4_000,
        statusCode: i < 15 ? 200 : 503,
        error: i < 15 ? null : "HTTP 503",
      })),
    );
    await rollUp();

    const { caller } = await callerFor(owner.userId, owner.tenantId);
    const day = await caller.delivery.chart({ integrationId: bot.id, range: "24h" });
    expect(day.stepMinutes).toBe(5);
    expect(day.points).toHaveLength(288);
    // Found by its time, not as the last point: the test may run across a bucket's end.
    const point = day.points.find((p) => p.at.getTime() === current.getTime())!;
    expect(point).toMatchObject({ succeeded: 15, refused: 5, noAnswer: 0, p50Ms: binMs(27), p95Ms: binMs(27) });
    expect(day.points.filter((p) => p !== point).every((p) => p.succeeded + p.refused + p.noAnswer === 0 && p.p50Ms === null)).toBe(true);

    const week = await caller.delivery.chart({ integrationId: bot.id, range: "7d" });
    expect(week.stepMinutes).toBe(60);
    expect(week.points).toHaveLength(168);
    expect(week.points.filter((p) => p.succeeded + p.refused > 0)).toMatchObject([{ succeeded: 15, refused: 5 }]);

    const sparklines = await caller.delivery.sparklines({ integrationIds: [bot.id, quiet.id] });
    expect(sparklines).toHaveLength(1);
    expect(sparklines[0]!.integrationId).toBe(bot.id);
    expect(sparklines[0]!.hourly).toHaveLength(24);
    expect(sparklines[0]!.hourly.filter((rate) => rate !== null)).toEqual([0.75]);
    expect(sparklines[0]!.attempts).toBe(20);

    // Another organization sees neither the chart nor the sparkline.
    const stranger = await createOwner("Other");
    const { caller: theirs } = await callerFor(stranger.userId, stranger.tenantId);
    expect(await trpcError(theirs.delivery.chart({ integrationId: bot.id, range: "24h" }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await theirs.delivery.sparklines({ integrationIds: [bot.id] })).toEqual([]);
  });
});
