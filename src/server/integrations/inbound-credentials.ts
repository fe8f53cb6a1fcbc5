/**
 * What a bot or CCSP must present on its inbound webhook: the inbound secret as Bearer (the
 * current one, or the one a rotation replaced while its grace lasts) and, when the integration
 * requires it, a Standard Webhooks signature made with its signing secret (either one during a
 * signing secret rotation's overlap), within 5 minutes of the current time either way.
 * Everything needed comes with the integration row the webhook loads anyway.
 */
import { decryptStored } from "@/server/security/app-key";
import { secretMatchesHash } from "@/server/security/tokens";
import { checkWebhook, type HeaderSource, type WebhookCheck } from "@/server/webhooks/standard-webhooks";

export const inboundCredentialsSelect = {
  inboundSecretHash: true,
  previousInboundSecretHash: true,
  previousInboundSecretExpiresAt: true,
  requireSignedEvents: true,
  signingSecretEncrypted: true,
  previousSigningSecretEncrypted: true,
  previousSigningSecretExpiresAt: true,
} as const;

export interface InboundCredentials {
  inboundSecretHash: string;
  previousInboundSecretHash: string | null;
  previousInboundSecretExpiresAt: Date | null;
  requireSignedEvents: boolean;
  signingSecretEncrypted: string;
  previousSigningSecretEncrypted: string | null;
  previousSigningSecretExpiresAt: Date | null;
}

const stillValid = (until: Date | null, now: Date) => until !== null && until > now;

export function acceptsInboundSecret(row: InboundCredentials, token: string | null, now = new Date()): boolean {
  if (!token) return false;
  if (secretMatchesHash(token, row.inboundSecretHash)) return true;
  return row.previousInboundSecretHash !== null && stillValid(row.previousInboundSecretExpiresAt, now) && secretMatchesHash(token, row.previousInboundSecretHash);
}

/** The signing secrets valid now: the current one, and the replaced one during the overlap. */
export function validSigningSecrets(row: Pick<InboundCredentials, "signingSecretEncrypted" | "previousSigningSecretEncrypted" | "previousSigningSecretExpiresAt">, now = new Date()): {
  current: string;
  previous: string | null;
} {
  const previous = row.previousSigningSecretEncrypted && stillValid(row.previousSigningSecretExpiresAt, now) ? decryptStored(row.previousSigningSecretEncrypted) : null;
  return { current: decryptStored(row.signingSecretEncrypted), previous };
}

/** For an integration that requires signed events: whether this request's signature holds. */
export function checkEventSignature(row: InboundCredentials, headers: HeaderSource, rawBody: string, now = new Date()): WebhookCheck {
  const { current, previous } = validSigningSecrets(row, now);
  return checkWebhook({ headers, body: rawBody, secret: previous ? [current, previous] : current, now });
}
