// Channel assets: where customers write (hosted web chat, or an HTTP channel provider).
import type { Db } from "@/server/db/client";
import { decryptStored, encryptStored } from "@/server/security/app-key";
import { badRequest, conflict, notFound } from "@/server/errors";
import { isUniqueViolation } from "@/server/db/errors";
import { generateChannelSecret, generateSigningSecret, hashSecret } from "@/server/security/tokens";
import { env } from "@/server/config/env";
import { decryptMessengerSecrets, encryptMessengerSettings, readMessengerSettings } from "@/server/messenger/settings";
import { describableRuleInclude, ruleSummary } from "@/server/services/rules/describe";
import { normalizeAllowedOrigins } from "./allowed-origins";
import { checkCallbackUrl } from "./callback-url";
import { CHANNEL_PAYLOAD_LABELS } from "./channel-types";
import { describeAssetDeletion } from "./delete-asset";
import type { CreateChannelInput, UpdateChannelInput } from "./schemas";
import { channelAssetInclude, toChannelAssetView } from "./views";

const nameTaken = () => conflict("A channel with this name already exists", "name");

export async function listChannelAssets(db: Db, tenantId: string) {
  const rows = await db.channelAsset.findMany({ where: { tenantId }, include: channelAssetInclude, orderBy: { name: "asc" } });
  return rows.map(toChannelAssetView);
}

export async function findChannelAsset(db: Db, tenantId: string, id: string) {
  const row = await db.channelAsset.findFirst({ where: { id, tenantId }, include: channelAssetInclude });
  if (!row) throw notFound("Channel");
  return row;
}

/** The asset's page: the asset, the rules that use it, and what deleting it would do. */
export async function getChannelAsset(db: Db, tenantId: string, id: string) {
  const row = await findChannelAsset(db, tenantId, id);
  const rules = await db.rule.findMany({
    where: { tenantId, channelAssetId: id },
    include: describableRuleInclude,
    orderBy: [{ serviceId: "asc" }, { position: "asc" }],
  });
  return {
    ...toChannelAssetView(row),
    rules: rules.map((rule) => ({ id: rule.id, serviceId: rule.serviceId, summary: ruleSummary(rule) })),
    deletion: await describeAssetDeletion(db, tenantId, row),
    /** MESSENGER: without MESSENGER_GRAPH_API_URL nothing reaches Messenger (the page warns). */
    graphApiConfigured: Boolean(env().MESSENGER_GRAPH_API_URL),
  };
}

/** Creates the asset; an HTTP asset's secret is returned here once and stored only as a hash. */
export async function createChannelAsset(db: Db, tenantId: string, input: CreateChannelInput) {
  const base = { tenantId, type: input.type, name: input.name, channelLabel: CHANNEL_PAYLOAD_LABELS[input.type] };
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
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

export async function updateChannelAsset(db: Db, tenantId: string, input: UpdateChannelInput) {
  const asset = await findChannelAsset(db, tenantId, input.id);
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
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

/** A new secret for an HTTP asset, shown once; the old one stops working at once. */
export async function rotateChannelSecret(db: Db, tenantId: string, id: string) {
  const asset = await findChannelAsset(db, tenantId, id);
  if (asset.type !== "HTTP") throw badRequest("Only HTTP channels have a secret");
  const secret = generateChannelSecret();
  await db.channelAsset.update({ where: { id: asset.id }, data: { secretHash: hashSecret(secret) } });
  return { secret };
}

/** The signing secret of an HTTP channel's callbacks, for admins to configure their receiver. */
export async function revealChannelSigningSecret(db: Db, tenantId: string, id: string): Promise<{ signingSecret: string }> {
  const asset = await findChannelAsset(db, tenantId, id);
  if (asset.type !== "HTTP") throw badRequest("Only HTTP channels receive signed callbacks");
  const stored = await db.channelAsset.findUniqueOrThrow({ where: { id: asset.id }, select: { signingSecretEncrypted: true } });
  if (stored.signingSecretEncrypted) return { signingSecret: decryptStored(stored.signingSecretEncrypted) };
  const signingSecret = generateSigningSecret();
  await db.channelAsset.update({ where: { id: asset.id }, data: { signingSecretEncrypted: encryptStored(signingSecret) } });
  return { signingSecret };
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

/** A Messenger channel's Page access token or App secret, for admins (like an integration's token). */
export async function revealMessengerSecret(db: Db, tenantId: string, id: string, which: "pageAccessToken" | "appSecret"): Promise<{ secret: string }> {
  const asset = await findChannelAsset(db, tenantId, id);
  const settings = asset.type === "MESSENGER" ? readMessengerSettings(asset.settings) : null;
  if (!settings) throw badRequest("Only Messenger channels have a Page access token and an App secret");
  return { secret: decryptMessengerSecrets(settings)[which] };
}
