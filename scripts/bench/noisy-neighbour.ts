/**
 * Isolation between receivers (issue 11, item 4): tenant B's latency alone, then beside tenant
 * A, whose bot hangs past the platform's 5 s deadline on every request, both at 100 messages/s
 * offered. A may hold at most DELIVERY_MAX_IN_FLIGHT_PER_RECEIVER requests at its bot, and its
 * failure count must stop at the deactivation threshold (src/server/delivery/record-attempt.ts).
 * A control run puts B beside a tenant with the same load and a healthy bot, to tell the cost of
 * a second tenant's traffic on the shared cores from the cost of its hanging bot.
 */
import { startBenchBot } from "./bench-bot";
import { drive } from "./drive";
import { withClient } from "./postgres";
import type { ScenarioContext } from "./scenario";
import { row, summarise, verdict } from "./stats";
import { benchTenant, measure, warmUp } from "./tenant";

const RATE = 100;
const HANG_MS = 5_000;
const SECONDS = Number(process.env.BENCH_NOISY_SECONDS ?? 30);
/** The platform's defaults (src/server/config/env.ts, src/server/delivery/record-attempt.ts). */
const IN_FLIGHT_LIMIT = Number(process.env.DELIVERY_MAX_IN_FLIGHT_PER_RECEIVER ?? 8);
const DEACTIVATE_AFTER_FAILURES = 5;

export async function noisyNeighbour(context: ScenarioContext) {
  const botB = await startBenchBot();
  const botA = await startBenchBot({ delayMs: HANG_MS });
  try {
    const b = await benchTenant(context.base, botB);
    const a = await benchTenant(context.base, botA);
    await warmUp(b, botB, 500);
    const amount = RATE * SECONDS;
    console.log(`\nnoisy neighbour: tenant B at ${RATE}/s for ${SECONDS} s alone, then beside tenant A at ${RATE}/s whose bot hangs ${HANG_MS / 1000} s`);

    const baseline = await measure(botB, () => drive(b.load({ connections: 100, rate: RATE }), amount), amount);
    console.log(row(`B alone, ${RATE}/s offered`, baseline.summary));

    let acceptedA = { rps: 0, non2xx: 0, seconds: 0 };
    const beside = await measure(
      botB,
      async () => {
        const [drivenB, drivenA] = await Promise.all([drive(b.load({ connections: 100, rate: RATE }), amount), drive(a.load({ connections: 100, rate: RATE }), amount)]);
        acceptedA = drivenA;
        return drivenB;
      },
      amount,
    );
    console.log(row(`B beside A, ${RATE}/s + ${RATE}/s offered`, beside.summary));
    // A's last attempts end at their deadline; their failures are recorded right after.
    await botA.waitUntilIdle(HANG_MS * 3);
    await new Promise((r) => setTimeout(r, 1_000));

    const integrationA = await integrationOf(context.databaseUrl, a.botIntegrationId);
    // While A was ACTIVE is when it could take B's resources: the run's first seconds.
    const deactivatedAt = integrationA.deactivatedAt?.getTime() ?? Infinity;
    const whileActive = beside.batch.filter((d) => d.sentAt < deactivatedAt);
    if (whileActive.length > 0 && whileActive.length < beside.batch.length) {
      const seconds = ((deactivatedAt - beside.startedAt) / 1000).toFixed(1);
      console.log(row(`B while A was ACTIVE (first ${seconds} s)`, summarise(beside.summary.accepted, whileActive, beside.startedAt)));
    }
    const states = Object.entries(integrationA.deliveries)
      .map(([state, count]) => `${count} ${state}`)
      .join(", ");
    console.log(
      `A: accepted ${acceptedA.rps.toFixed(0)}/s, refused ${acceptedA.non2xx} | its bot got ${botA.received.length} requests, at most ${botA.maxInFlight()} at once | ` +
        `integration ${integrationA.status}, consecutiveFailures ${integrationA.consecutiveFailures}, ${integrationA.attempts} attempts recorded | deliveries: ${states}`,
    );

    // The control: the same load from a tenant whose bot is healthy. What B loses beside it is the
    // cost of A's traffic on the shared cores; what it loses beyond that would be A's hang.
    const botC = await startBenchBot();
    try {
      const c = await benchTenant(context.base, botC);
      await warmUp(c, botC, 500);
      const control = await measure(
        botB,
        async () => (await Promise.all([drive(b.load({ connections: 100, rate: RATE }), amount), drive(c.load({ connections: 100, rate: RATE }), amount)]))[0],
        amount,
      );
      console.log(row(`B beside a healthy tenant, ${RATE}/s + ${RATE}/s offered`, control.summary));
      console.log(`B's p99 beside A / beside a healthy tenant: ${beside.summary.p99} / ${control.summary.p99} ms = ${(beside.summary.p99 / control.summary.p99).toFixed(2)}`);
    } finally {
      await botC.close();
    }

    const ratio = beside.summary.p99 / baseline.summary.p99;
    console.log(`B's p99 beside A / alone: ${beside.summary.p99} / ${baseline.summary.p99} ms = ${ratio.toFixed(2)}`);
    console.log(verdict(ratio <= 2, `B's p99 beside A within 2× its baseline (${ratio.toFixed(2)}×)`));
    console.log(verdict(beside.summary.p99 < 150, `B's p99 beside A under 150 ms (${beside.summary.p99} ms)`));
    console.log(verdict(botA.maxInFlight() <= IN_FLIGHT_LIMIT, `A's bot never more than ${IN_FLIGHT_LIMIT} concurrent requests (${botA.maxInFlight()})`));
    console.log(
      verdict(
        integrationA.status === "INACTIVE" && integrationA.consecutiveFailures === DEACTIVATE_AFTER_FAILURES,
        `A's failure count stops at ${DEACTIVATE_AFTER_FAILURES} (${integrationA.status}, ${integrationA.consecutiveFailures})`,
      ),
    );
  } finally {
    await botA.close();
    await botB.close();
  }
}

async function integrationOf(databaseUrl: string, integrationId: string) {
  return withClient(databaseUrl, async (client) => {
    const integration = await client.query<{ status: string; consecutiveFailures: number; deactivatedAt: Date | null }>(
      `SELECT "status"::text AS "status", "consecutiveFailures", "deactivatedAt" FROM "Integration" WHERE "id" = $1`,
      [integrationId],
    );
    const deliveries = await client.query<{ state: string; count: number }>(
      `SELECT "state"::text AS "state", count(*)::int AS "count" FROM "Delivery" WHERE "integrationId" = $1 GROUP BY 1 ORDER BY 1`,
      [integrationId],
    );
    const attempts = await client.query<{ count: number }>(`SELECT count(*)::int AS "count" FROM "DeliveryAttempt" WHERE "integrationId" = $1`, [integrationId]);
    const found = integration.rows[0];
    if (!found) throw new Error(`Integration ${integrationId} not found`);
    return {
      ...found,
      attempts: attempts.rows[0]?.count ?? 0,
      deliveries: Object.fromEntries(deliveries.rows.map((r) => [r.state, r.count])),
    };
  });
}
