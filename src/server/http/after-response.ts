import { after } from "next/server";

/**
 * Runs work after the response is sent (Next's `after()`): the first delivery attempt needs
 * no queue hop and never delays the caller. Outside a Next request (scripts, tests calling
 * a handler directly) there is no response to wait for, so the work starts at once.
 */
export function afterResponse(work: () => Promise<unknown>): void {
  const run = () => work().catch((error: unknown) => console.error("Work after the response failed:", error));
  try {
    after(run);
  } catch {
    void run();
  }
}
