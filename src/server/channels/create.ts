/** Adding a channel asset: where customers write (hosted web chat, HTTP channel provider, Messenger). */
import type { Db } from "@/server/db/client";
import { encryptStored } from "@/server/security/app-key";
import { isUniqueViolation } from "@/server/db/errors";
import { generateChannelSecret, generateSigningSecret, hashSecret } from "@/server/security/tokens";
import { encryptMessengerSettings } from "@/server/messenger/settings";
import type { Actor } from "@/server/tenancy/actor";
import { normalizeAllowedOrigins } from "./allowed-origins";
import { checkCallbackUrl } from "./callback-url";
import { CHANNEL_PAYLOAD_LABELS } from "./channel-types";
import type { CreateChannelInput } from "./schemas";
import { channelNameTaken } from "./store";
import { channelAssetInclude, toChannelAssetView } from "./views";

/** Creates the asset; an HTTP asset's secret is returned here once and stored only as a hash. */
export async function createChannelAsset(db: Db, actor: Actor, input: CreateChannelInput) {
  const base = { tenantId: actor.tenantId, type: input.type, name: input.name, channelLabel: CHANNEL_PAYLOAD_LABELS[input.type] };
  let secret: string | null = null;
  let data;
  if (input.type === "WEB_CHAT") {
    data = { ...base, allowedOrigins: normalizeAllowedOrigins(input.allowedOrigins) };
  } else if (input.type === "MESSENGER") {
    // The Page access token and App secret are encrypted at rest; the Verify token is ours.
    data = { ...base, settings: encryptMessengerSettings(input) };
  } else {
    const callbackUrl = checkCallbackUrl(input.callbackUrl);
    secret = generateChannelSecret();
    // Callbacks are signed like every other outbound request (Standard Webhooks).
    data = { ...base, callbackUrl, secretHash: hashSecret(secret), signingSecretEncrypted: encryptStored(generateSigningSecret()) };
  }
  try {
    const row = await db.channelAsset.create({ data, include: channelAssetInclude });
    return { asset: toChannelAssetView(row), secret };
  } catch (error) {
    if (isUniqueViolation(error)) throw channelNameTaken();
    throw error;
  }
}
