import { isIP } from "node:net";
import { isPublicAddress } from "@/server/net/address-policy";

/**
 * Syntax-only check of a tenant-supplied webhook URL (no DNS). Host names are checked again
 * against their resolved addresses when outbound-http connects.
 */

export type UrlPolicy = { allowPrivate: boolean; requireHttps: boolean };

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

export const MAX_WEBHOOK_URL_LENGTH = 2048;

export function checkWebhookUrl(raw: string, policy: UrlPolicy): UrlCheck {
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) {
    return refuse(`URL is too long (at most ${MAX_WEBHOOK_URL_LENGTH} characters)`);
  }
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return refuse("URL is not valid");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return refuse(policy.requireHttps ? "URL must use https" : "URL must use http or https");
  }
  if (policy.requireHttps && url.protocol !== "https:") return refuse("URL must use https");
  if (url.username !== "" || url.password !== "") {
    return refuse("URL must not contain a username or password");
  }
  if (url.hostname === "") return refuse("URL must include a host name");

  // WHATWG parsing already normalised odd IPv4 spellings (0x7f.1, 2130706433) to dotted quads.
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (!policy.allowPrivate && isIP(host) !== 0 && !isPublicAddress(host)) {
    return refuse("URL points to a private or loopback address");
  }
  return { ok: true, url };
}

function refuse(reason: string): UrlCheck {
  return { ok: false, reason };
}
