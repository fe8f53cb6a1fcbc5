/**
 * Where to go after signing in: the `callbackUrl` of /sign-in if it is a path on this site,
 * otherwise the fallback. `//host/x`, `/\host` (browsers read `\` as `/`), tabs or newlines
 * (which browsers drop) and absolute URLs all name another origin, and are refused.
 */
const BASE = "http://app.invalid";

export function safeCallbackPath(raw: string | null | undefined, fallback = "/dashboard"): string {
  if (!raw?.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // A normalized path can still start with "//" ("/.//host"), which a browser reads as a host.
  return /^\/[^/\\]/.test(path) || path === "/" ? path : fallback;
}
