/**
 * Runs once when the server starts: the durable runner (embedded, or beside Inngest) begins,
 * and its first look for due deliveries recovers what a previous process left behind.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ startDurableRunner }, { openBackgroundScope }] = await Promise.all([import("@/server/jobs/durable-runner"), import("@/server/http/after-response")]);
  openBackgroundScope();
  // Not awaited: the server answers at once; the runner works in the background.
  void startDurableRunner().poll();
}
