import type { ChannelType } from "@/generated/prisma/enums";
import { messengerCallbackUrl } from "@/server/messenger/callback-url";
import { readMessengerSettings } from "@/server/messenger/settings";
import { CHANNEL_TYPE_LABELS } from "./channel-types";
import { embedScript, embedSnippet, hostedChatUrl } from "./hosted-chat";
import { readWidgetSettings } from "./widget-settings";

export type ChannelAssetRow = {
  id: string;
  type: ChannelType;
  name: string;
  channelLabel: string;
  allowedOrigins: string[];
  callbackUrl: string | null;
  secretHash: string | null;
  settings: unknown;
  visitorsSignedOutAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  service: { id: string; name: string } | null;
};

/** Prisma `include` for a ChannelAssetRow. */
export const channelAssetInclude = { service: { select: { id: true, name: true } } } as const;

/** A Messenger asset's Page and webhook set-up; never its Page access token or App secret. */
function messengerView(row: ChannelAssetRow) {
  const settings = row.type === "MESSENGER" ? readMessengerSettings(row.settings) : null;
  if (!settings) return null;
  return { pageId: settings.pageId, pageName: settings.pageName, callbackUrl: messengerCallbackUrl(row.id), verifyToken: settings.verifyToken };
}

/** What every role may see: never the secret or its hash. */
export function toChannelAssetView(row: ChannelAssetRow) {
  return {
    id: row.id,
    type: row.type,
    typeLabel: CHANNEL_TYPE_LABELS[row.type],
    name: row.name,
    channelLabel: row.channelLabel,
    allowedOrigins: row.type === "WEB_CHAT" ? row.allowedOrigins : [],
    callbackUrl: row.type === "HTTP" ? row.callbackUrl : null,
    hasSecret: row.secretHash !== null,
    hostedChatUrl: row.type === "WEB_CHAT" ? hostedChatUrl(row.id) : null,
    embedSnippet: row.type === "WEB_CHAT" ? embedSnippet(row.id) : null,
    embedScript: row.type === "WEB_CHAT" ? embedScript(row.id) : null,
    widget: row.type === "WEB_CHAT" ? readWidgetSettings(row.settings) : null,
    messenger: messengerView(row),
    visitorsSignedOutAt: row.type === "WEB_CHAT" ? row.visitorsSignedOutAt : null,
    service: row.service,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export type ChannelAssetView = ReturnType<typeof toChannelAssetView>;
