/**
 * Text from outside (a receiver's answer, an error message) made safe to store: Postgres text
 * cannot hold NUL, and a lone surrogate cannot be encoded as UTF-8. Both become U+FFFD, so
 * storing can never fail on what someone else sent.
 */
export function storableText(text: string): string;
export function storableText(text: string | null): string | null;
export function storableText(text: string | null): string | null {
  if (text === null) return null;
  return text.toWellFormed().replaceAll("\u0000", "\uFFFD");
}
