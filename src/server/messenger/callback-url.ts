// Where a Messenger channel's Meta app sends its webhook (verification GET and events POST).
import { publicBaseUrl } from "@/server/config/env";

export function messengerCallbackUrl(assetId: string): string {
  return `${publicBaseUrl()}/api/v1/channels/${encodeURIComponent(assetId)}/messenger`;
}
