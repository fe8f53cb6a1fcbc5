import { isDatabaseUnavailable, isTransactionConflict } from "./errors";

/**
 * Runs database work again while it fails because the database cannot be reached (a pooled
 * connection that died in a restart, the server down for a few seconds), or because Postgres
 * rolled its transaction back as a deadlock victim, for up to `withinMs`; each try gets a fresh
 * connection. Only for work that is safe to run again: a claim that did not commit, or the record
 * of an attempt that was made (losing it would re-send the webhook later).
 */
export async function retryWhileDatabaseDown<T>(work: () => Promise<T>, withinMs: number): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (let wait = 250; ; wait = Math.min(wait * 2, 2_000)) {
    try {
      return await work();
    } catch (error) {
      const again = isDatabaseUnavailable(error) || isTransactionConflict(error);
      if (!again || Date.now() + wait > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
