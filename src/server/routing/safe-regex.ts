// Tenant-entered regular expressions run on every inbound message, so they go through RE2
// (re2js): matching is linear in the input, and constructs that need backtracking
// (backreferences, lookaround) are refused at compile time instead of hanging the server.
import { RE2JS, RE2JSSyntaxException } from "re2js";

export const MAX_PATTERN_LENGTH = 200;
/** Only the head of a message is tested: keeps per-message cost bounded. */
export const MAX_TESTED_TEXT_LENGTH = 4096;
const ALLOWED_FLAGS: Record<string, number> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
};
const CACHE_LIMIT = 500;

export type PatternValidation = { ok: true } | { ok: false; reason: string };
export type CompiledPattern = { ok: true; regex: RE2JS } | { ok: false; reason: string };

// Failures are cached too, so a bad stored rule is not recompiled on every message.
const cache = new Map<string, CompiledPattern>();

function parseFlags(flags: string): number | string {
  let bits = 0;
  const seen = new Set<string>();
  for (const flag of flags) {
    const bit = ALLOWED_FLAGS[flag];
    if (bit === undefined) return `Unsupported flag "${flag}": only i, m and s are allowed`;
    if (seen.has(flag)) return `Flag "${flag}" is repeated`;
    seen.add(flag);
    bits |= bit;
  }
  return bits;
}

function describeSyntaxError(error: RE2JSSyntaxException): string {
  const fragment = error.input ?? "";
  // RE2 reports `\1` / `\k` as bad escapes and `(?=` / `(?<=` as bad Perl syntax; name the real cause.
  if (/^\\([1-9]|k)/.test(fragment) || /^\(\?<?[=!]/.test(fragment)) {
    return "Backreferences and lookaround are not supported";
  }
  return `Invalid pattern: ${error.getDescription()}${fragment ? ` near ${fragment.slice(0, 40)}` : ""}`;
}

function compileUncached(pattern: string, flags: string): CompiledPattern {
  if (pattern.length === 0) return { ok: false, reason: "Pattern must not be empty" };
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return { ok: false, reason: `Pattern must be at most ${MAX_PATTERN_LENGTH} characters` };
  }
  const bits = parseFlags(flags);
  if (typeof bits === "string") return { ok: false, reason: bits };
  try {
    return { ok: true, regex: RE2JS.compile(pattern, bits) };
  } catch (error) {
    if (error instanceof RE2JSSyntaxException) return { ok: false, reason: describeSyntaxError(error) };
    return { ok: false, reason: "Invalid pattern" };
  }
}

/** Compiles (or fetches from the bounded cache) a tenant pattern; never throws. */
export function compileRulePattern(pattern: string, flags = ""): CompiledPattern {
  const key = `${flags}/${pattern}`;
  const hit = cache.get(key);
  if (hit) {
    // Re-insert so the Map's insertion order approximates least-recently-used.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const compiled = compileUncached(pattern, flags);
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  cache.set(key, compiled);
  return compiled;
}

/** For saving a rule: the reason is safe to show to the tenant. */
export function validateRulePattern(pattern: string, flags = ""): PatternValidation {
  const compiled = compileRulePattern(pattern, flags);
  return compiled.ok ? { ok: true } : { ok: false, reason: compiled.reason };
}

/** True when the pattern matches anywhere in the first 4096 characters; false if it is invalid. */
export function testRulePattern(pattern: string, flags: string | undefined, text: string): boolean {
  const compiled = compileRulePattern(pattern, flags ?? "");
  if (!compiled.ok) return false;
  return compiled.regex.test(text.slice(0, MAX_TESTED_TEXT_LENGTH));
}

/** Visible for tests. */
export function rulePatternCacheSize(): number {
  return cache.size;
}
