// Where a WEB_CHAT asset's customers chat (the page itself is served by the chat feature).
import { publicBaseUrl } from "@/server/config/env";

export function hostedChatUrl(assetId: string): string {
  return `${publicBaseUrl()}/chat/${encodeURIComponent(assetId)}`;
}

/** HTML a tenant pastes into their site to embed the hosted chat. */
export function embedSnippet(assetId: string): string {
  return `<iframe src="${hostedChatUrl(assetId)}" title="Chat with us" style="border:0;width:380px;height:600px" allow="clipboard-write"></iframe>`;
}
