import { test } from "vitest";
import pg from "pg";
test("probe", async () => {
  const url = new URL(process.env.DATABASE_URL!);
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  console.log((await admin.query("SHOW unix_socket_directories")).rows, url.host);
  await admin.end();
  const dirs = ["/tmp", "/var/run/postgresql"];
  for (const [label, config] of [
    ["tcp", { connectionString: process.env.DATABASE_URL }],
    ["unix", { host: "/tmp", port: Number(url.port), user: url.username, password: decodeURIComponent(url.password), database: url.pathname.slice(1) }],
    ["tcp", { connectionString: process.env.DATABASE_URL }],
    ["unix", { host: "/tmp", port: Number(url.port), user: url.username, password: decodeURIComponent(url.password), database: url.pathname.slice(1) }],
  ] as const) {
    const c = new pg.Client(config as pg.ClientConfig);
    try { await c.connect(); } catch (e) { console.log(label, "failed", String(e)); continue; }
    for (let i = 0; i < 200; i++) await c.query({ name: "x", text: "SELECT $1::int AS a", values: [i] });
    const cpu = process.cpuUsage(); const t = performance.now();
    for (let i = 0; i < 3000; i++) await c.query({ name: "x", text: "SELECT $1::int AS a", values: [i] });
    const used = process.cpuUsage(cpu);
    console.log(label, "wall", ((performance.now() - t) / 3000 * 1000).toFixed(0), "µs/query; cpu", ((used.user + used.system) / 3000).toFixed(0), "µs/query (sys", (used.system / 3000).toFixed(0), ")");
    await c.end();
  }
  void dirs;
});
