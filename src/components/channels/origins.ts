/** The allowed-origins textarea: one origin per line. */
export function linesOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** The first error about any allowed origin (`allowedOrigins` or `allowedOrigins.N`). */
export function originErrorOf(errors: Record<string, string>): string | undefined {
  const key = Object.keys(errors).find((k) => k === "allowedOrigins" || k.startsWith("allowedOrigins."));
  return key ? errors[key] : undefined;
}
