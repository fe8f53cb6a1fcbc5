import { ApiError, bearerToken } from "@/server/http/json-api";
import { secretMatchesHash } from "@/server/security/tokens";
import type { RoutingContext } from "./routing-context";
import { visitorFromToken } from "./visitor-token";

export type ChannelCaller = { kind: "PROVIDER" } | { kind: "VISITOR"; visitorId: string };

/**
 * Who may post on a channel asset: an HTTP (or Messenger) provider with the asset's secret,
 * or, on the hosted web chat, a visitor with their own token (and only as themselves). The token
 * is the request's Bearer token unless the caller found it elsewhere (an EventSource cannot send
 * headers: its URL carries it).
 */
export function authenticateChannelCaller(asset: RoutingContext["asset"], request: Request, token = bearerToken(request)): ChannelCaller {
  if (!token) throw new ApiError(401, "UNAUTHORIZED", "Send Authorization: Bearer <token>", "authorization");
  if (asset.type === "WEB_CHAT") {
    const visitorId = visitorFromToken(asset.id, token);
    if (!visitorId) throw new ApiError(401, "UNAUTHORIZED", "The visitor token is not valid for this channel", "authorization");
    return { kind: "VISITOR", visitorId };
  }
  if (!asset.secretHash || !secretMatchesHash(token, asset.secretHash)) {
    throw new ApiError(401, "UNAUTHORIZED", "The channel secret is wrong", "authorization");
  }
  return { kind: "PROVIDER" };
}
