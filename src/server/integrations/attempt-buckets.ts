/**
 * Delivery attempts rolled up per integration and five minutes (docs/health.md). The runners'
 * minute job rewrites the buckets that may still change from the attempts themselves, so a
 * bucket is exact and rewriting it twice is harmless; the health charts and the list's
 * sparklines read at most a week of buckets, however many attempts there were.
 */
import type { Db } from "@/server/db/client";
import type { Actor } from "@/server/tenancy/actor";
import { notFound } from "@/server/errors";

export const BUCKET_MINUTES = 5;
/** Buckets are kept this long (the longest chart is 7 days). */
const KEEP_DAYS = 8;
/**
 * Buckets starting this long before the newest one are rewritten by every run: an attempt is
 * recorded once it has ended (at most its 5 s deadline later), so older buckets are final.
 */
const REWRITE_MINUTES = 10;
/** Latency bins: bin = ceil(4 * log2(ms)), so each bin is 19% wider than the one before. */
const BINS_PER_DOUBLING = 4;
const MAX_BIN = 80;

/** Bins every origin-aligned bucket: 00:00, 00:05, … UTC. */
const ORIGIN = "TIMESTAMP '2000-01-01 00:00:00'";

export interface RollUpReport {
  /** Buckets written (new or rewritten). */
  buckets: number;
  /** Buckets deleted for being older than the longest chart. */
  pruned: number;
}

/**
 * Rewrites each integration's buckets from its newest one on (the last 7 days the first time). One runner at a time: a transaction-scoped advisory lock, others skip.
 */
export async function rollUpAttempts(db: Db, now = new Date()): Promise<RollUpReport | null> {
  return db.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtext('attempt-buckets')) AS "locked"`;
      if (!lock?.locked) return null;
      const buckets = await tx.$executeRawUnsafe(
        `WITH per_bin AS (
           SELECT a."integrationId",
                  date_bin('${BUCKET_MINUTES} minutes', a."startedAt", ${ORIGIN}) AS "bucket",
                  LEAST(${MAX_BIN}, GREATEST(0, ceil(${BINS_PER_DOUBLING} * ln(GREATEST(a."durationMs", 1)) / ln(2))))::int AS "bin",
                  count(*) FILTER (WHERE a."error" IS NULL) AS "succeeded",
                  count(*) FILTER (WHERE a."error" IS NOT NULL AND a."statusCode" IS NOT NULL) AS "refused",
                  count(*) FILTER (WHERE a."error" IS NOT NULL AND a."statusCode" IS NULL) AS "noAnswer",
                  count(*) AS "n"
           FROM "Integration" i
           -- Each integration from its own newest bucket on (an index probe of the primary key),
           -- so the attempts read are one range of (integrationId, startedAt) per integration.
           CROSS JOIN LATERAL (
             SELECT date_bin('${BUCKET_MINUTES} minutes',
                      GREATEST($1::timestamp - interval '7 days',
                               COALESCE((SELECT max(b."bucketStart") FROM "AttemptBucket" b WHERE b."integrationId" = i."id"), '-infinity'::timestamp)
                                 - interval '${REWRITE_MINUTES} minutes'),
                      ${ORIGIN}) AS "t"
           ) since
           CROSS JOIN LATERAL (
             SELECT * FROM "DeliveryAttempt" x WHERE x."integrationId" = i."id" AND x."startedAt" >= since."t"
           ) a
           GROUP BY 1, 2, 3
         )
         INSERT INTO "AttemptBucket" ("integrationId", "bucketStart", "succeeded", "refused", "noAnswer", "latency", "updatedAt")
         SELECT "integrationId", "bucket", sum("succeeded"), sum("refused"), sum("noAnswer"), jsonb_object_agg("bin"::text, "n"), $1::timestamp
         FROM per_bin GROUP BY 1, 2
         ON CONFLICT ("integrationId", "bucketStart") DO UPDATE SET
           "succeeded" = EXCLUDED."succeeded", "refused" = EXCLUDED."refused", "noAnswer" = EXCLUDED."noAnswer",
           "latency" = EXCLUDED."latency", "updatedAt" = EXCLUDED."updatedAt"`,
        now,
      );
      const pruned = await tx.$executeRaw`
        DELETE FROM "AttemptBucket" WHERE "bucketStart" < ${new Date(now.getTime() - KEEP_DAYS * 86_400_000)}`;
      return { buckets, pruned };
    },
    { timeout: 60_000 },
  );
}

/** The latency a bin stands for: its upper bound, in whole milliseconds. */
export function binMs(bin: number): number {
  return Math.round(2 ** (bin / BINS_PER_DOUBLING));
}

/** Adds one histogram ({ "<bin>": count }, as stored) into another. */
export function addHistogram(into: Map<number, number>, stored: unknown): void {
  if (!stored || typeof stored !== "object") return;
  for (const [bin, count] of Object.entries(stored as Record<string, unknown>)) {
    if (typeof count === "number") into.set(Number(bin), (into.get(Number(bin)) ?? 0) + count);
  }
}

/** The nearest-rank percentile of a histogram, as its bin's latency; null when it is empty. */
export function histogramPercentile(histogram: ReadonlyMap<number, number>, p: number): number | null {
  const bins = [...histogram.entries()].filter(([, n]) => n > 0).sort(([a], [b]) => a - b);
  const total = bins.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const [bin, n] of bins) {
    seen += n;
    if (seen >= rank) return binMs(bin);
  }
  return binMs(bins.at(-1)![0]);
}

export const CHART_RANGES = {
  /** The last 24 hours, a point per five minutes. */
  "24h": { hours: 24, stepMinutes: 5 },
  /** The last 7 days, a point per hour. */
  "7d": { hours: 24 * 7, stepMinutes: 60 },
} as const;
export type ChartRange = keyof typeof CHART_RANGES;

export interface ChartPoint {
  at: Date;
  succeeded: number;
  refused: number;
  noAnswer: number;
  /** Milliseconds (the upper bound of the bin the percentile falls in); null without attempts. */
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface AttemptChart {
  range: ChartRange;
  stepMinutes: number;
  /** Every step of the range, oldest first; steps without attempts are zeros. */
  points: ChartPoint[];
  /** When the newest bucket was last rewritten (the chart is at most a minute behind it). */
  updatedAt: Date | null;
}

function floorTo(time: number, stepMinutes: number): number {
  const step = stepMinutes * 60_000;
  return Math.floor(time / step) * step;
}

/** An integration's attempts per step over the range, by outcome, with latency percentiles. */
export async function attemptChart(db: Db, { tenantId }: Actor, integrationId: string, range: ChartRange, now = new Date()): Promise<AttemptChart> {
  const integration = await db.integration.findFirst({ where: { id: integrationId, tenantId, deletedAt: null }, select: { id: true } });
  if (!integration) throw notFound("Integration");
  const { hours, stepMinutes } = CHART_RANGES[range];
  const end = floorTo(now.getTime(), stepMinutes);
  const start = end - (hours * 60 - stepMinutes) * 60_000;
  const rows = await db.attemptBucket.findMany({
    where: { integrationId, bucketStart: { gte: new Date(start) } },
    orderBy: { bucketStart: "asc" },
    select: { bucketStart: true, succeeded: true, refused: true, noAnswer: true, latency: true, updatedAt: true },
  });
  const steps = new Map<number, { succeeded: number; refused: number; noAnswer: number; latency: Map<number, number> }>();
  let updatedAt: Date | null = null;
  for (const row of rows) {
    const at = floorTo(row.bucketStart.getTime(), stepMinutes);
    const step = steps.get(at) ?? { succeeded: 0, refused: 0, noAnswer: 0, latency: new Map() };
    step.succeeded += row.succeeded;
    step.refused += row.refused;
    step.noAnswer += row.noAnswer;
    addHistogram(step.latency, row.latency);
    steps.set(at, step);
    if (!updatedAt || row.updatedAt > updatedAt) updatedAt = row.updatedAt;
  }
  const points: ChartPoint[] = [];
  for (let at = start; at <= end; at += stepMinutes * 60_000) {
    const step = steps.get(at);
    points.push({
      at: new Date(at),
      succeeded: step?.succeeded ?? 0,
      refused: step?.refused ?? 0,
      noAnswer: step?.noAnswer ?? 0,
      p50Ms: step ? histogramPercentile(step.latency, 50) : null,
      p95Ms: step ? histogramPercentile(step.latency, 95) : null,
    });
  }
  return { range, stepMinutes, points, updatedAt };
}

export interface SuccessSparkline {
  integrationId: string;
  /** Success rate per hour over the last 24 hours, oldest first; null for an hour without attempts. */
  hourly: Array<number | null>;
  attempts: number;
}

/** The integrations list's sparklines: each listed integration's hourly success rate, in one query. */
export async function successSparklines(db: Db, { tenantId }: Actor, integrationIds: readonly string[], now = new Date()): Promise<SuccessSparkline[]> {
  if (integrationIds.length === 0) return [];
  const end = floorTo(now.getTime(), 60);
  const start = end - 23 * 3_600_000;
  const rows = await db.$queryRaw<{ integrationId: string; hour: Date; succeeded: number; attempts: number }[]>`
    SELECT b."integrationId", date_bin('1 hour', b."bucketStart", TIMESTAMP '2000-01-01 00:00:00') AS "hour",
           sum(b."succeeded")::int AS "succeeded", sum(b."succeeded" + b."refused" + b."noAnswer")::int AS "attempts"
    FROM "AttemptBucket" b JOIN "Integration" i ON i."id" = b."integrationId"
    WHERE i."tenantId" = ${tenantId} AND b."integrationId" = ANY(${[...integrationIds]}) AND b."bucketStart" >= ${new Date(start)}
    GROUP BY 1, 2`;
  const byIntegration = new Map<string, Map<number, { succeeded: number; attempts: number }>>();
  for (const row of rows) {
    const hours = byIntegration.get(row.integrationId) ?? new Map();
    hours.set(row.hour.getTime(), { succeeded: row.succeeded, attempts: row.attempts });
    byIntegration.set(row.integrationId, hours);
  }
  return [...byIntegration.entries()].map(([integrationId, hours]) => {
    const hourly: Array<number | null> = [];
    let attempts = 0;
    for (let at = start; at <= end; at += 3_600_000) {
      const hour = hours.get(at);
      attempts += hour?.attempts ?? 0;
      hourly.push(hour && hour.attempts > 0 ? hour.succeeded / hour.attempts : null);
    }
    return { integrationId, hourly, attempts };
  });
}
