import { unauthorized } from "@/server/errors";
import { secretMatchesHash } from "@/server/security/tokens";
import type { RoutingContext } from "./routing-context";
import { visitorFromToken } from "./visitor-token";

export type ChannelCaller = { kind: "PROVIDER" } | { kind: "VISITOR"; visitorId: string };

/**
 * Who may post on a channel asset: an HTTP (or Messenger) provider with the asset's secret,
 * or, on the hosted web chat, a visitor with their own token (and only as themselves). The route
 * hands over the token it found: the request's Bearer token, or for an EventSource (which cannot
 * send headers) its URL's.
 */
export function authenticateChannelCaller(asset: RoutingContext["asset"], token: string | null): ChannelCaller {
  if (!token) throw unauthorized("Send Authorization: Bearer <token>", "authorization");
  if (asset.type === "WEB_CHAT") {
    const visitorId = visitorFromToken(asset, token);
    if (!visitorId) throw unauthorized("The visitor token is not valid for this channel", "authorization");
    return { kind: "VISITOR", visitorId };
  }
  if (!asset.secretHash || !secretMatchesHash(token, asset.secretHash)) {
    throw unauthorized("The channel secret is wrong", "authorization");
  }
  return { kind: "PROVIDER" };
}
