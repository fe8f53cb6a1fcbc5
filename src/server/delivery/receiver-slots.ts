/**
 * Isolation between receivers (SPEC: Delivery guarantees): at most
 * DELIVERY_MAX_IN_FLIGHT_PER_RECEIVER attempts in flight per receiver (an integration, or an
 * HTTP channel's callback) in this process. A slot covers the claim and the exchange, not the
 * record: a receiver that hangs holds its own slots and no one else's, nor database connections.
 * What waits for it waits in memory, in arrival order, unclaimed PENDING rows; past MAX_WAITING
 * it is left to the runner's look for due deliveries. When the receiver's integration is made
 * INACTIVE its waiters are let go at once (their rows are HELD already), with no database work.
 */
import { env } from "@/server/config/env";

const MAX_WAITING = 1_000;

export class ReceiverSlots {
  private readonly inFlight = new Map<string, number>();
  private readonly waiting = new Map<string, ((granted: boolean) => void)[]>();

  constructor(private readonly limit: () => number) {}

  /** Takes a slot if one is free now. */
  tryAcquire(receiver: string): boolean {
    const used = this.inFlight.get(receiver) ?? 0;
    if (used >= this.limit() || (this.waiting.get(receiver)?.length ?? 0) > 0) return false;
    this.inFlight.set(receiver, used + 1);
    return true;
  }

  /** Waits for a slot: "full" at once when too many already wait here, "dropped" if let go (see drop). */
  acquire(receiver: string): Promise<"slot" | "full" | "dropped"> {
    if (this.tryAcquire(receiver)) return Promise.resolve("slot");
    const queue = this.waiting.get(receiver) ?? [];
    if (queue.length >= MAX_WAITING) return Promise.resolve("full");
    this.waiting.set(receiver, queue);
    return new Promise((resolve) => queue.push((granted) => resolve(granted ? "slot" : "dropped")));
  }

  /** The receiver's integration is INACTIVE: every waiter is let go without a slot. */
  drop(receiver: string): void {
    const queue = this.waiting.get(receiver);
    this.waiting.delete(receiver);
    for (const waiter of queue ?? []) waiter(false);
  }

  /** Frees a slot, handing it straight to the longest waiter. */
  release(receiver: string): void {
    const next = this.waiting.get(receiver)?.shift();
    if (next) {
      if (this.waiting.get(receiver)?.length === 0) this.waiting.delete(receiver);
      next(true); // the slot passes on: in-flight count unchanged
      return;
    }
    const used = (this.inFlight.get(receiver) ?? 1) - 1;
    if (used <= 0) this.inFlight.delete(receiver);
    else this.inFlight.set(receiver, used);
  }

  /** Free slots for a receiver now (the runner takes no more due deliveries than this). */
  free(receiver: string): number {
    if ((this.waiting.get(receiver)?.length ?? 0) > 0) return 0;
    return Math.max(0, this.limit() - (this.inFlight.get(receiver) ?? 0));
  }

  inFlightFor(receiver: string): number {
    return this.inFlight.get(receiver) ?? 0;
  }
}

// One per process, kept across Next's dev-server module reloads.
const globalSlots = globalThis as unknown as { receiverSlots?: ReceiverSlots };
export const receiverSlots = (): ReceiverSlots =>
  (globalSlots.receiverSlots ??= new ReceiverSlots(() => env().DELIVERY_MAX_IN_FLIGHT_PER_RECEIVER));
