/**
 * Who a just-written delivery goes to, remembered by the process that wrote it so its first
 * attempt (right after the response, in the same process) can wait for the receiver's slot
 * before claiming the row: without it the claim would have to be taken, found to have no free
 * slot and given back. A hint only: an attempt without one claims first and learns the receiver.
 */
const MAX_HINTS = 10_000;
const hints = new Map<string, string>();

export function hintReceiver(deliveryId: string, receiver: string): void {
  if (hints.size >= MAX_HINTS) hints.delete(hints.keys().next().value!); // oldest first: a Map keeps insertion order
  hints.set(deliveryId, receiver);
}

export function takeReceiverHint(deliveryId: string): string | undefined {
  const receiver = hints.get(deliveryId);
  if (receiver !== undefined) hints.delete(deliveryId);
  return receiver;
}
