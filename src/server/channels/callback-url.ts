// An HTTP channel's callback URL goes through the same URL-safety guard as integration
// webhooks, with the policy of the environment (https in production, private addresses
// only when ALLOW_PRIVATE_WEBHOOK_URLS is on).
import { env } from "@/server/config/env";
import { badRequest } from "@/server/errors";
import { checkWebhookUrl } from "@/server/net/url-policy";

export function checkCallbackUrl(raw: string): string {
  const { ALLOW_PRIVATE_WEBHOOK_URLS, isProduction } = env();
  const check = checkWebhookUrl(raw, { allowPrivate: ALLOW_PRIVATE_WEBHOOK_URLS, requireHttps: isProduction });
  if (!check.ok) throw badRequest(check.reason, "callbackUrl");
  return check.url.href;
}
