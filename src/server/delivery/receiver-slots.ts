/**
 * Isolation between receivers (docs/delivery.md), per receiver (an integration, or an
 * HTTP channel's callback) in this process:
 * - exchange slots: at most DELIVERY_MAX_IN_FLIGHT_PER_RECEIVER requests in flight to it;
 * - claim permits: at most four times that many of its deliveries claimed and not yet sent, so a
 *   receiver that hangs holds a bounded number of claims (and no database connections), while a
 *   fast one is never held back by the time a claim takes under load.
 * What waits beyond the permits waits in memory, in arrival order, as unclaimed PENDING rows;
 * past MAX_WAITING it is left to the runner's look for due deliveries. When the receiver's
 * integration is made INACTIVE its waiters are let go at once (see drop).
 */
import { env } from "@/server/config/env";

const MAX_WAITING = 1_000;

export type Acquired = "slot" | "full" | "dropped" | "timeout";

export class Semaphores {
  private readonly used = new Map<string, number>();
  private readonly waiting = new Map<string, ((granted: Acquired) => void)[]>();

  constructor(private readonly limit: () => number) {}

  /** Takes a slot if one is free now (and nobody waits for one). */
  tryAcquire(key: string): boolean {
    const used = this.used.get(key) ?? 0;
    if (used >= this.limit() || (this.waiting.get(key)?.length ?? 0) > 0) return false;
    this.used.set(key, used + 1);
    return true;
  }

  /** Waits for a slot: "full" at once when too many wait already, "dropped" if let go, "timeout" after `timeoutMs`. */
  acquire(key: string, timeoutMs?: number): Promise<Acquired> {
    if (this.tryAcquire(key)) return Promise.resolve("slot");
    const queue = this.waiting.get(key) ?? [];
    if (queue.length >= MAX_WAITING) return Promise.resolve("full");
    this.waiting.set(key, queue);
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter = (granted: Acquired) => {
        clearTimeout(timer);
        resolve(granted);
      };
      queue.push(waiter);
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          const at = queue.indexOf(waiter);
          if (at >= 0) queue.splice(at, 1);
          if (queue.length === 0 && this.waiting.get(key) === queue) this.waiting.delete(key);
          resolve("timeout");
        }, timeoutMs);
      }
    });
  }

  /** Frees a slot, handing it straight to the longest waiter. */
  release(key: string): void {
    const queue = this.waiting.get(key);
    const next = queue?.shift();
    if (queue && queue.length === 0) this.waiting.delete(key);
    if (next) {
      next("slot"); // the slot passes on: the count is unchanged
      return;
    }
    const used = (this.used.get(key) ?? 1) - 1;
    if (used <= 0) this.used.delete(key);
    else this.used.set(key, used);
  }

  /** Every waiter is let go without a slot. */
  drop(key: string): void {
    const queue = this.waiting.get(key);
    this.waiting.delete(key);
    for (const waiter of queue ?? []) waiter("dropped");
  }

  /** Free slots now (the runner takes no more due deliveries than this). */
  free(key: string): number {
    if ((this.waiting.get(key)?.length ?? 0) > 0) return 0;
    return Math.max(0, this.limit() - (this.used.get(key) ?? 0));
  }
}

export interface ReceiverSlots {
  exchanges: Semaphores;
  claims: Semaphores;
  /** The receiver's integration is INACTIVE: let every waiter for it go. */
  drop(receiver: string): void;
}

// One per process, kept across Next's dev-server module reloads.
const globalSlots = globalThis as unknown as { receiverSlots?: ReceiverSlots };

export function receiverSlots(): ReceiverSlots {
  if (!globalSlots.receiverSlots) {
    const limit = () => env().DELIVERY_MAX_IN_FLIGHT_PER_RECEIVER;
    const exchanges = new Semaphores(limit);
    const claims = new Semaphores(() => 4 * limit());
    globalSlots.receiverSlots = {
      exchanges,
      claims,
      drop(receiver) {
        claims.drop(receiver);
        exchanges.drop(receiver);
      },
    };
  }
  return globalSlots.receiverSlots;
}
