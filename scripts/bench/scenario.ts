/** Which scenarios `npm run bench` runs (BENCH_SCENARIOS), and what each one is given. */

export const SCENARIOS = ["hot-path", "noisy-neighbour", "soak", "open-chats"] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** The soak is long (BENCH_SOAK_SECONDS, ten minutes by default), so it runs only when asked. */
const DEFAULT: ScenarioName[] = ["hot-path", "noisy-neighbour", "open-chats"];

export function selectedScenarios(spec = process.env.BENCH_SCENARIOS): Set<ScenarioName> {
  if (!spec?.trim()) return new Set(DEFAULT);
  const names = spec.split(",").map((name) => name.trim());
  for (const name of names) {
    if (!(SCENARIOS as readonly string[]).includes(name)) throw new Error(`BENCH_SCENARIOS: "${name}" is not one of ${SCENARIOS.join(", ")}`);
  }
  return new Set(names as ScenarioName[]);
}

export interface ScenarioContext {
  /** The server's base URL, e.g. http://127.0.0.1:3300. */
  base: string;
  databaseUrl: string;
  /** The spawned server process (a wrapper or next-server itself). */
  serverPid: number;
}
