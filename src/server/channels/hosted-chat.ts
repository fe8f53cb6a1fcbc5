// Where a WEB_CHAT asset's customers chat (the page itself is served by the chat feature).
import { publicBaseUrl } from "@/server/config/env";

export function hostedChatUrl(assetId: string): string {
  return `${publicBaseUrl()}/chat/${encodeURIComponent(assetId)}`;
}

/**
 * The one line a tenant pastes into their site: the app's script (src/app/widget.js) adds a
 * launcher button that opens the hosted chat in an iframe.
 */
export function embedScript(assetId: string): string {
  return `<script src="${publicBaseUrl()}/widget.js" data-switchboard-chat="${encodeURIComponent(assetId)}" async></script>`;
}

/** HTML a tenant pastes into their site to embed the hosted chat inline (the option without a launcher). */
export function embedSnippet(assetId: string): string {
  return `<iframe src="${hostedChatUrl(assetId)}" title="Chat with us" style="border:0;width:380px;height:600px" allow="clipboard-write"></iframe>`;
}
