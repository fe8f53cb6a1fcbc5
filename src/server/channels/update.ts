/** "Edit" a channel asset: its name, and the settings of its type (origins, callback URL, Page). */
import type { Db } from "@/server/db/client";
import { badRequest } from "@/server/errors";
import { isUniqueViolation } from "@/server/db/errors";
import { decryptMessengerSecrets, encryptMessengerSettings, readMessengerSettings } from "@/server/messenger/settings";
import type { Actor } from "@/server/tenancy/actor";
import { normalizeAllowedOrigins } from "./allowed-origins";
import { checkCallbackUrl } from "./callback-url";
import type { UpdateChannelInput } from "./schemas";
import { channelNameTaken, findChannelAsset } from "./store";
import { channelAssetInclude, toChannelAssetView } from "./views";

export async function updateChannelAsset(db: Db, actor: Actor, input: UpdateChannelInput) {
  const asset = await findChannelAsset(db, actor.tenantId, input.id);
  if (input.allowedOrigins !== undefined && asset.type !== "WEB_CHAT") {
    throw badRequest("Allowed origins apply to web chat channels only", "allowedOrigins");
  }
  if (input.callbackUrl !== undefined && asset.type !== "HTTP") {
    throw badRequest("A callback URL applies to HTTP channels only", "callbackUrl");
  }
  const messengerFields = (["pageName", "pageId", "pageAccessToken", "appSecret"] as const).filter((key) => input[key] !== undefined);
  if (messengerFields.length > 0 && asset.type !== "MESSENGER") {
    throw badRequest("Page settings apply to Messenger channels only", messengerFields[0]);
  }
  const data = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.allowedOrigins !== undefined ? { allowedOrigins: normalizeAllowedOrigins(input.allowedOrigins) } : {}),
    ...(input.callbackUrl !== undefined ? { callbackUrl: checkCallbackUrl(input.callbackUrl) } : {}),
    ...(messengerFields.length > 0 ? { settings: updatedMessengerSettings(asset.settings, input) } : {}),
  };
  try {
    const row = await db.channelAsset.update({ where: { id: asset.id }, data, include: channelAssetInclude });
    return toChannelAssetView(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw channelNameTaken();
    throw error;
  }
}

/** The Page's settings with the edited fields replaced (a secret left out stays); the Verify token stays. */
function updatedMessengerSettings(stored: unknown, input: UpdateChannelInput) {
  const current = readMessengerSettings(stored);
  if (!current) throw badRequest("This Messenger channel has no Page settings yet: delete it and add it again");
  const secrets = decryptMessengerSecrets(current);
  return encryptMessengerSettings(
    {
      pageId: input.pageId ?? current.pageId,
      pageName: input.pageName ?? current.pageName,
      pageAccessToken: input.pageAccessToken ?? secrets.pageAccessToken,
      appSecret: input.appSecret ?? secrets.appSecret,
    },
    current.verifyToken,
  );
}
