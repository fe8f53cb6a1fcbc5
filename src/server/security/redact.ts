/**
 * Known secrets (an integration's token, its signing secrets) taken out of text that is stored
 * or shown: what a receiver answered, a failure's reason. An OTHERS bot must send its
 * verification token back in every answer, so every recorded answer holds it. On the delivery
 * hot path: plain string searches, no regular expression.
 */
import { decryptStored } from "./app-key";

export const REDACTED = "[redacted]";

/** The shortest cut-off start of a secret at the end of a text that is still taken out. */
const MIN_TAIL = 4;

export function redactSecrets(text: string, secrets: ReadonlyArray<string | null | undefined>): string;
export function redactSecrets(text: string | null, secrets: ReadonlyArray<string | null | undefined>): string | null;
export function redactSecrets(text: string | null, secrets: ReadonlyArray<string | null | undefined>): string | null {
  if (text === null || text === "") return text;
  let result = text;
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_TAIL) continue;
    result = redactOne(result, secret);
    // Inside a JSON string a secret with a quote or a backslash appears escaped.
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) result = redactOne(result, escaped);
  }
  return result;
}

function redactOne(text: string, secret: string): string {
  let result = text.includes(secret) ? text.replaceAll(secret, REDACTED) : text;
  // The recorded start of an answer may end part-way through the secret.
  const first = secret[0];
  for (let start = Math.max(0, result.length - secret.length + 1); start <= result.length - MIN_TAIL; start += 1) {
    if (result[start] === first && secret.startsWith(result.slice(start))) {
      result = result.slice(0, start) + REDACTED;
      break;
    }
  }
  return result;
}

/**
 * A receiver's secrets as stored (encrypted), for redacting what is shown of its answers. One
 * that cannot be decrypted is left out: showing a row must not fail on it.
 */
export function storedSecrets(row: { tokenEncrypted?: string | null; signingSecretEncrypted?: string | null } | null): string[] {
  if (!row) return [];
  const secrets: string[] = [];
  for (const stored of [row.tokenEncrypted, row.signingSecretEncrypted]) {
    if (!stored) continue;
    try {
      secrets.push(decryptStored(stored));
    } catch {
      // not decryptable with this key: nothing to redact with
    }
  }
  return secrets;
}
