/**
 * A WEB_CHAT channel's widget as the public read it: the hosted page and the embed script's
 * launcher (src/app/widget.js, /api/v1/channels/{id}/widget), and which pages may have it.
 */
import type { Db } from "@/server/db/client";
import { hostedChatUrl } from "./hosted-chat";
import { readWidgetSettings, shownWidget, type ShownWidget } from "./widget-settings";

export interface PublicWidget extends ShownWidget {
  chatUrl: string;
}

/** A WEB_CHAT asset's widget as the embed shows it, with the origins allowed to embed it; null for anything else. */
export async function findPublicWidget(db: Db, assetId: string): Promise<{ widget: PublicWidget; allowedOrigins: string[] } | null> {
  const asset = await db.channelAsset.findUnique({
    where: { id: assetId },
    select: { id: true, type: true, settings: true, allowedOrigins: true, tenant: { select: { name: true } } },
  });
  if (!asset || asset.type !== "WEB_CHAT") return null;
  return {
    widget: { ...shownWidget(readWidgetSettings(asset.settings), asset.tenant.name), chatUrl: hostedChatUrl(asset.id) },
    allowedOrigins: asset.allowedOrigins,
  };
}

/**
 * May a page of this origin embed the chat? Any site when the list is empty; the platform's
 * own pages always. A request without an Origin (not a browser's cross-origin call) is not a
 * page embedding anything: allowed, as the hosted page itself is public.
 */
export function mayEmbed(allowedOrigins: readonly string[], origin: string | null, ownOrigins: readonly string[]): boolean {
  if (!origin || allowedOrigins.length === 0) return true;
  return ownOrigins.includes(origin) || allowedOrigins.includes(origin);
}
