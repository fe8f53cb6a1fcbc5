/**
 * A tenant wired end to end on the real database, built the way a tenant builds it in the app
 * (the tRPC router, so the same domain functions, checks and stored forms): bot and CCSP
 * integrations pointing at stand-in receivers, a channel asset, a service with both mapped, and
 * one rule (and its twin for postbacks).
 *
 * Integrations go through "Save" as the wizard does: an IMI BOT or CCSP webhook is verified over
 * HTTP right there, against the stand-in at its URL (receiver.ts answers that handshake as a
 * working bot does and keeps it out of the test's requests); an OTHERS bot presents the ticket
 * its "Verify" would have issued (the domain's own record of a passed verification), so its URL
 * may be one nothing listens on; the built-in desk needs nothing.
 */
import { randomInt, randomUUID } from "node:crypto";
import { db } from "@/server/db/client";
import { issueVerificationTicket } from "@/server/integrations/verification-ticket";
import { generateSigningSecret } from "@/server/security/tokens";
import { callerFor, createOwner } from "./factories";
import { answeringVerification, startReceiver, type Receiver } from "./receiver";

type Caller = Awaited<ReturnType<typeof callerFor>>["caller"];

export interface SceneIntegration {
  id: string;
  inboundSecret: string;
  signingSecret: string;
  token: string;
}

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

let quiet: Promise<Receiver> | undefined;

/**
 * Where a scene points what the test does not watch (the app requires a URL for a CCSP webhook
 * and an HTTP channel's callbacks): one stand-in per process, answering 200, recording nothing.
 */
function quietReceiver(): Promise<Receiver> {
  quiet ??= startReceiver({ path: "/unwatched", record: false, background: true });
  return quiet;
}

/** Digits for a made-up Page ID. */
export const digits = (n = 16) => Array.from({ length: n }, (_, i) => (i === 0 ? randomInt(1, 10) : randomInt(0, 10))).join("");

async function createIntegration(
  caller: Caller,
  tenantId: string,
  platform: "OTHERS" | "IMI_BOT" | "WEBHOOK" | "BUILT_IN",
  url: string,
): Promise<SceneIntegration> {
  const name = `${platform} ${randomUUID().slice(0, 8)}`;
  const token = `token-${randomUUID()}`;
  let created;
  if (platform === "BUILT_IN") {
    created = await caller.integration.create({ platform, name });
  } else if (platform === "OTHERS") {
    // What the wizard's Verify issues once the bot answered with its verification token.
    const ticket = issueVerificationTicket({ tenantId, url: new URL(url).href, token, signingSecret: generateSigningSecret(), verifiedAt: new Date() });
    created = await caller.integration.create({ platform, name, url, token, verificationTicket: ticket });
  } else {
    created = await answeringVerification(url, () => caller.integration.create({ platform, name, url, token }));
  }
  if (created.status !== "ACTIVE") {
    const reason = created.verification && !created.verification.ok ? created.verification.reason : created.status;
    throw new Error(`The scene's ${platform} integration at ${url} did not verify (${reason}): start its stand-in receiver before the scene`);
  }
  const { signingSecret } = await caller.integration.revealSigningSecret({ id: created.id });
  return { id: created.id, inboundSecret: created.inboundSecret ?? "", signingSecret, token };
}

export async function createChatScene(options: SceneOptions) {
  const owner = await createOwner(`Scene ${randomUUID().slice(0, 6)}`);
  const tenantId = owner.tenantId;
  const { caller } = await callerFor(owner.userId, tenantId);

  const bot = await createIntegration(caller, tenantId, options.botPlatform ?? "OTHERS", options.botUrl);
  const ccspPlatform = options.ccspPlatform ?? "WEBHOOK";
  const ccspUrl = ccspPlatform === "BUILT_IN" ? "" : (options.ccspUrl ?? (await quietReceiver()).url);
  const ccsp = await createIntegration(caller, tenantId, ccspPlatform, ccspUrl);

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
