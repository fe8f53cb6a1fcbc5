// The origins allowed to embed a hosted web chat: scheme, host and port only, so a browser's
// Origin header (and a frame-ancestors list) can be compared with them exactly.
import { badRequest } from "@/server/errors";

export type OriginCheck = { ok: true; origin: string } | { ok: false; reason: string };

export function normalizeOrigin(raw: string): OriginCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, reason: `"${raw}" is not a valid origin: use the form https://shop.example.com` };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return { ok: false, reason: `"${raw}" must start with https:// or http://` };
  }
  if (url.username || url.password) return { ok: false, reason: `"${raw}" must not contain a username or password` };
  if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) {
    return { ok: false, reason: `"${raw}" must be an origin only (scheme, host and port), without a path` };
  }
  return { ok: true, origin: url.origin };
}

/** Normalized, de-duplicated origins; throws a field error naming the first bad one. */
export function normalizeAllowedOrigins(origins: readonly string[]): string[] {
  const result: string[] = [];
  origins.forEach((raw, index) => {
    const check = normalizeOrigin(raw);
    if (!check.ok) throw badRequest(check.reason, `allowedOrigins.${index}`);
    if (!result.includes(check.origin)) result.push(check.origin);
  });
  return result;
}
