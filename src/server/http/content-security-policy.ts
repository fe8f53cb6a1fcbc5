/**
 * The Content-Security-Policy of every page, built per request by the proxy (src/proxy.ts).
 * Scripts run only with the request's nonce, which Next.js reads from the request's own CSP
 * header and puts on its scripts; 'strict-dynamic' lets those load the app's chunks (see
 * node_modules/next/dist/docs/01-app/02-guides/content-security-policy.md). Styles allow
 * 'unsafe-inline': React's style attributes and the dev overlay's style tags carry no nonce.
 */
export interface PagePolicy {
  nonce: string;
  /** `frame-ancestors` sources; null leaves the directive out (a page with no framing policy of its own). */
  frameAncestors: readonly string[] | null;
  /** `next dev`: React rebuilds server error stacks with eval. Never in production. */
  development: boolean;
}

export function pageContentSecurityPolicy({ nonce, frameAncestors, development }: PagePolicy): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ];
  if (frameAncestors) directives.push(`frame-ancestors ${frameAncestors.join(" ")}`);
  return directives.join("; ");
}

/** A fresh nonce per response: 128 random bits, base64. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}
