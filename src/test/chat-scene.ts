/**
 * A tenant wired end to end on the real database, built the way a tenant builds it in the app
 * (the tRPC router, so the same domain functions, checks and stored forms): bot and CCSP
 * integrations pointing at stand-in receivers, a channel asset, a service with both mapped, and
 * one rule (and its twin for postbacks).
 *
 * Integrations are saved as the wizard saves them (factories.ts, saveIntegration).
 */
import { randomInt, randomUUID } from "node:crypto";
import { db } from "@/server/db/client";
import { callerFor, createOwner, saveIntegration } from "./factories";
import { quietReceiver } from "./receiver";

export interface SceneOptions {
  action: "BOT" | "CCSP" | "BOT_CCSP";
  botPlatform?: "OTHERS" | "IMI_BOT";
  ccspPlatform?: "WEBHOOK" | "BUILT_IN";
  channel?: "HTTP" | "WEB_CHAT" | "MESSENGER";
  botUrl: string;
  /** A CCSP webhook's URL; without one it points at a stand-in that answers 200 and records nothing. */
  ccspUrl?: string;
  /** An HTTP channel's callback URL; without one it points at that same quiet stand-in. */
  callbackUrl?: string;
  /** A MESSENGER channel's Page (made up when not given). */
  messenger?: { pageId: string; pageName?: string; pageAccessToken: string; appSecret: string };
}

/** Digits for a made-up Page ID. */
export const digits = (n = 16) => Array.from({ length: n }, (_, i) => (i === 0 ? randomInt(1, 10) : randomInt(0, 10))).join("");

export async function createChatScene(options: SceneOptions) {
  const owner = await createOwner(`Scene ${randomUUID().slice(0, 6)}`);
  const tenantId = owner.tenantId;
  const { caller } = await callerFor(owner.userId, tenantId);

  const bot = await saveIntegration(caller, tenantId, options.botPlatform ?? "OTHERS", options.botUrl);
  const ccspPlatform = options.ccspPlatform ?? "WEBHOOK";
  const ccspUrl = ccspPlatform === "BUILT_IN" ? "" : (options.ccspUrl ?? (await quietReceiver()).url);
  const ccsp = await saveIntegration(caller, tenantId, ccspPlatform, ccspUrl);

  const channelType = options.channel ?? "HTTP";
  const name = `Channel ${randomUUID().slice(0, 6)}`;
  const messenger = options.messenger ?? { pageId: digits(), pageAccessToken: `EAAG${randomUUID().replaceAll("-", "")}`, appSecret: randomUUID().replaceAll("-", "") };
  const created =
    channelType === "WEB_CHAT"
      ? await caller.channel.create({ type: "WEB_CHAT", name })
      : channelType === "MESSENGER"
        ? await caller.channel.create({ type: "MESSENGER", name, pageName: messenger.pageName ?? "Acme Page", pageId: messenger.pageId, pageAccessToken: messenger.pageAccessToken, appSecret: messenger.appSecret })
        : await caller.channel.create({ type: "HTTP", name, callbackUrl: options.callbackUrl ?? (await quietReceiver()).url });
  const channelSecret = created.secret ?? "";
  const callbackSigningSecret = channelType === "HTTP" ? (await caller.channel.revealSigningSecret({ id: created.asset.id })).signingSecret : "";

  const { id: serviceId } = await caller.service.create({ name: `Service ${randomUUID().slice(0, 6)}` });
  await caller.service.attachAsset({ serviceId, assetId: created.asset.id });
  await caller.service.mapIntegration({ serviceId, integrationId: bot.id });
  await caller.service.mapIntegration({ serviceId, integrationId: ccsp.id });
  const action = {
    serviceId,
    channelAssetId: created.asset.id,
    actionType: options.action,
    botIntegrationId: options.action === "CCSP" ? null : bot.id,
    ccspIntegrationId: options.action === "BOT" ? null : ccsp.id,
  };
  const { id: ruleId } = await caller.rule.create({ ...action, event: "INCOMING_MESSAGE" });
  // Postbacks follow the same action.
  await caller.rule.create({ ...action, event: "POSTBACK" });

  const [asset, service, rule] = await Promise.all([
    db().channelAsset.findUniqueOrThrow({ where: { id: created.asset.id } }),
    db().service.findUniqueOrThrow({ where: { id: serviceId } }),
    db().rule.findUniqueOrThrow({ where: { id: ruleId } }),
  ]);
  return { tenantId, ownerId: owner.userId, bot, ccsp, asset, channelSecret, callbackSigningSecret, service, rule, messenger };
}
