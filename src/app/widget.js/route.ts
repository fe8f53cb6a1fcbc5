/**
 * GET /widget.js: the embed script a tenant's site loads with one tag (see embedScript() in
 * src/server/channels/hosted-chat.ts):
 *
 *   <script src="https://<app>/widget.js" data-switchboard-chat="<channel ID>" async></script>
 *
 * It asks /api/v1/channels/{id}/widget for the channel's look (refused for an origin that may not
 * embed the chat: then it adds nothing and says why in the console), adds a launcher button in
 * the chosen corner and opens the hosted chat in an iframe on the first click. The same file for
 * every channel, so browsers and CDNs cache it; never inline (the app's CSP allows nonce'd
 * scripts only). Styles are set through the DOM, inside a shadow root, so the host page's CSS
 * and its style-src policy leave the launcher alone.
 */
import { WIDGET_SCRIPT } from "@/server/channels/widget-script";

export const dynamic = "force-static";

export function GET() {
  return new Response(WIDGET_SCRIPT, {
    headers: {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "public, max-age=3600, stale-while-revalidate=86400",
      "cross-origin-resource-policy": "cross-origin",
    },
  });
}
