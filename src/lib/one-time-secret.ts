/**
 * Hands a secret shown once (an integration's inbound webhook secret, an HTTP channel's secret)
 * from the form that created it to the page it navigates to, in memory only: it is never in a
 * URL, storage or the server's later answers, so it is shown once.
 */
const pending = new Map<string, string>();

export function handOverSecret(recordId: string, secret: string): void {
  pending.set(recordId, secret);
}

export function peekSecret(recordId: string): string | null {
  return pending.get(recordId) ?? null;
}

export function forgetSecret(recordId: string): void {
  pending.delete(recordId);
}
