// Channel assets: where customers write (hosted web chat, or an HTTP channel provider).
import type { Db } from "@/server/db/client";
import { decryptStored, encryptStored } from "@/server/security/app-key";
import { badRequest, conflict, isUniqueViolation, notFound } from "@/server/errors";
import { generateChannelSecret, generateSigningSecret, hashSecret } from "@/server/security/tokens";
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
  };
}

/** Creates the asset; an HTTP asset's secret is returned here once and stored only as a hash. */
export async function createChannelAsset(db: Db, tenantId: string, input: CreateChannelInput) {
  const base = { tenantId, type: input.type, name: input.name, channelLabel: CHANNEL_PAYLOAD_LABELS[input.type] };
  let secret: string | null = null;
  let data;
  if (input.type === "WEB_CHAT") {
    data = { ...base, allowedOrigins: normalizeAllowedOrigins(input.allowedOrigins) };
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
  const data = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.allowedOrigins !== undefined ? { allowedOrigins: normalizeAllowedOrigins(input.allowedOrigins) } : {}),
    ...(input.callbackUrl !== undefined ? { callbackUrl: checkCallbackUrl(input.callbackUrl) } : {}),
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
