/** Receivers started inside tests, closed after each one (src/test/receiver.ts). */
import { afterEach } from "vitest";
import { startReceiver, type Receiver, type ReceiverOptions, type Reply } from "./receiver";

/**
 * For test files that start receivers inside their tests: returns a starter whose receivers are
 * all closed after each test, answered or not. Call at the top of the file.
 */
export function receiversClosedAfterEach(defaults: ReceiverOptions = {}) {
  const started: Receiver[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((receiver) => receiver.close()));
  });
  return async (reply?: Reply, options: ReceiverOptions = {}): Promise<Receiver> => {
    const receiver = await startReceiver({ ...defaults, ...options, ...(reply ? { reply } : {}) });
    started.push(receiver);
    return receiver;
  };
}
