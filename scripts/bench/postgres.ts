/** The bench's direct looks at Postgres: planner statistics, statement costs, single queries. */
import pg from "pg";

export async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export const analyze = (url: string) => withClient(url, (client) => client.query("ANALYZE")).then(() => {});

/** The statements Postgres spent most time on (planning and executing), over the whole run. */
export async function printStatementStats(url: string) {
  await withClient(url, async (client) => {
    await client.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    const { rows } = await client.query<{ calls: string; plan_ms: number; exec_ms: number; query: string }>(
      `SELECT calls, round(total_plan_time::numeric, 0)::float AS plan_ms, round(total_exec_time::numeric, 0)::float AS exec_ms,
              regexp_replace(query, '\\s+', ' ', 'g') AS query
       FROM pg_stat_statements ORDER BY total_plan_time + total_exec_time DESC LIMIT 12`,
    );
    console.log("\nPostgres, top statements (calls | planning ms | executing ms | statement):");
    for (const row of rows) console.log(`${row.calls} | ${row.plan_ms} | ${row.exec_ms} | ${row.query.slice(0, 160)}`);
  });
}
