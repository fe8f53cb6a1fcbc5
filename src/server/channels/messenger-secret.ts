/** A Messenger channel's Page access token or App secret, for admins (like an integration's token). */
import type { Db } from "@/server/db/client";
import { badRequest } from "@/server/errors";
import { decryptMessengerSecrets, readMessengerSettings } from "@/server/messenger/settings";
import type { Actor } from "@/server/tenancy/actor";
import { findChannelAsset } from "./store";

export async function revealMessengerSecret(db: Db, actor: Actor, id: string, which: "pageAccessToken" | "appSecret"): Promise<{ secret: string }> {
  const asset = await findChannelAsset(db, actor.tenantId, id);
  const settings = asset.type === "MESSENGER" ? readMessengerSettings(asset.settings) : null;
  if (!settings) throw badRequest("Only Messenger channels have a Page access token and an App secret");
  return { secret: decryptMessengerSecrets(settings)[which] };
}
