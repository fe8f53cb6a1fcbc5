/**
 * Hands the inbound webhook secret from the wizard to the integration's page it navigates to,
 * in memory only: it is never in a URL, storage or the server's later answers, so it is shown once.
 */
const pending = new Map<string, string>();

export function handOverSecret(integrationId: string, secret: string): void {
  pending.set(integrationId, secret);
}

export function peekSecret(integrationId: string): string | null {
  return pending.get(integrationId) ?? null;
}

export function forgetSecret(integrationId: string): void {
  pending.delete(integrationId);
}
