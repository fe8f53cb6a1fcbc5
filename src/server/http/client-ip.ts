/**
 * The address a request came from, for per-IP limits. `next start` sets X-Forwarded-For from the
 * socket when the client sent none; behind a proxy, the proxy appends the address it saw, so the
 * last entry is the one no client can choose.
 */
export function clientIp(request: Request): string | null {
  return forwardedClientIp(request.headers);
}

/** The same from bare headers (next-auth hands its callbacks a request's headers, not the request). */
export function forwardedClientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").at(-1)?.trim();
  return last || null;
}
