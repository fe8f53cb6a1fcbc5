// An HTTP channel's callback URL goes through the same URL-safety guard, with the same policy,
// as integration webhooks (https in production, private addresses only when allowed).
import { acceptableUrl, webhookUrlPolicy } from "@/server/net/outbound-options";

export function checkCallbackUrl(raw: string): string {
  return acceptableUrl(raw, webhookUrlPolicy(), "callbackUrl");
}

