/**
 * A tenant wired end to end on the real database: bot and CCSP integrations pointing at
 * stand-in receivers, a channel asset, a service with both mapped, and one rule.
 */
import { randomUUID } from "node:crypto";
import type { IntegrationPlatform } from "@/generated/prisma/enums";
import { db } from "@/server/db/client";
import { encryptStored } from "@/server/security/app-key";
import { generateChannelSecret, generateInboundSecret, generateSigningSecret, hashSecret } from "@/server/security/tokens";
import { createOwner } from "./factories";

export interface SceneIntegration {
  id: string;
  inboundSecret: string;
  signingSecret: string;
  token: string;
}

async function createIntegration(
  tenantId: string,
  kind: "BOT" | "CCSP",
  platform: IntegrationPlatform,
  url: string | null,
): Promise<SceneIntegration> {
  const inboundSecret = generateInboundSecret();
  const signingSecret = generateSigningSecret();
  const token = `token-${randomUUID()}`;
  const row = await db().integration.create({
    data: {
      tenantId,
      kind,
      platform,
      name: `${platform} ${randomUUID().slice(0, 8)}`,
      url,
      tokenEncrypted: platform === "BUILT_IN" ? null : encryptStored(token),
      inboundSecretHash: hashSecret(inboundSecret),
      signingSecretEncrypted: encryptStored(signingSecret),
      status: "ACTIVE",
      lastVerifiedAt: new Date(),
    },
  });
  return { id: row.id, inboundSecret, signingSecret, token };
}

export interface SceneOptions {
  action: "BOT" | "CCSP" | "BOT_CCSP";
  botPlatform?: "OTHERS" | "IMI_BOT";
  ccspPlatform?: "WEBHOOK" | "BUILT_IN";
  channel?: "HTTP" | "WEB_CHAT" | "MESSENGER";
  botUrl: string;
  ccspUrl?: string;
  callbackUrl?: string;
}

export async function createChatScene(options: SceneOptions) {
  const owner = await createOwner(`Scene ${randomUUID().slice(0, 6)}`);
  const tenantId = owner.tenantId;
  const bot = await createIntegration(tenantId, "BOT", options.botPlatform ?? "OTHERS", options.botUrl);
  const ccspPlatform = options.ccspPlatform ?? "WEBHOOK";
  const ccsp = await createIntegration(tenantId, "CCSP", ccspPlatform, ccspPlatform === "BUILT_IN" ? null : (options.ccspUrl ?? null));
  const channelType = options.channel ?? "HTTP";
  const channelSecret = generateChannelSecret();
  const callbackSigningSecret = generateSigningSecret();
  const service = await db().service.create({ data: { tenantId, name: `Service ${randomUUID().slice(0, 6)}` } });
  const asset = await db().channelAsset.create({
    data: {
      tenantId,
      type: channelType,
      name: `Channel ${randomUUID().slice(0, 6)}`,
      channelLabel: channelType === "WEB_CHAT" ? "WEBCHAT" : channelType === "MESSENGER" ? "FB" : "HTTP",
      callbackUrl: channelType === "WEB_CHAT" ? null : (options.callbackUrl ?? null),
      secretHash: channelType === "WEB_CHAT" ? null : hashSecret(channelSecret),
      signingSecretEncrypted: channelType === "HTTP" ? encryptStored(callbackSigningSecret) : null,
      serviceId: service.id,
    },
  });
  await db().serviceIntegration.createMany({
    data: [
      { serviceId: service.id, integrationId: bot.id },
      { serviceId: service.id, integrationId: ccsp.id },
    ],
  });
  const action = {
    tenantId,
    serviceId: service.id,
    channelAssetId: asset.id,
    actionType: options.action,
    botIntegrationId: options.action === "CCSP" ? null : bot.id,
    ccspIntegrationId: options.action === "BOT" ? null : ccsp.id,
  };
  const rule = await db().rule.create({ data: { ...action, position: 0, event: "INCOMING_MESSAGE" } });
  // Postbacks follow the same action.
  await db().rule.create({ data: { ...action, position: 1, event: "POSTBACK" } });
  return { tenantId, ownerId: owner.userId, bot, ccsp, asset, channelSecret, callbackSigningSecret, service, rule };
}
