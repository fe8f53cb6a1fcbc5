/** Runs once when the server starts: the relay recovers what a previous process left behind. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ db }, { runRelay }, { sendEvents }] = await Promise.all([
    import("@/server/db/client"),
    import("@/server/delivery/relay"),
    import("@/server/inngest/send-events"),
  ]);
  // Not awaited: the server answers at once; the relay works in the background.
  void runRelay(db(), sendEvents).catch((error: unknown) => console.error("Relay at start failed:", error));
}
