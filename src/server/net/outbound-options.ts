/** How the platform reaches integration URLs: the URL policy from the environment and the 5 s deadline. */
import { env } from "@/server/config/env";
import { badRequest } from "@/server/errors";
import { checkWebhookUrl, type UrlPolicy } from "@/server/net/url-policy";

/** A receiver must answer within five seconds (docs/protocol.md, "How an answer is read"). */
export const VERIFY_TIMEOUT_MS = 5_000;

export type OutboundOptions = { policy: UrlPolicy; timeoutMs: number };

export function webhookUrlPolicy(): UrlPolicy {
  const e = env();
  return { allowPrivate: e.ALLOW_PRIVATE_WEBHOOK_URLS, requireHttps: e.REQUIRE_HTTPS_WEBHOOK_URLS };
}

export function defaultOutbound(): OutboundOptions {
  return { policy: webhookUrlPolicy(), timeoutMs: VERIFY_TIMEOUT_MS };
}

/** Save-time check of a URL (syntax, scheme, literal private addresses); returns the normalised URL. */
export function acceptableUrl(raw: string, policy: UrlPolicy, field = "url"): string {
  const checked = checkWebhookUrl(raw, policy);
  if (!checked.ok) throw badRequest(checked.reason, field);
  return checked.url.href;
}
