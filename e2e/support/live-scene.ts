/**
 * For the live-update tests: a stand-in bot on 127.0.0.1 that answers through its generated
 * webhook (on whichever app server the test points it at), and a tenant wired to it through the
 * app's own API: the bot (IMI BOT), the built-in desk, a web chat and a BOT + CCSP rule.
 */
import { expect, type Page } from "@playwright/test";
import { startReceiver } from "../../src/test/receiver";
import { signUpAndLand } from "./accounts";
import { trpcMutation, trpcQuery } from "./trpc";

type Body = Record<string, unknown>;

export interface StandInBot {
  url: string;
  /** Where it sends its events (the app's base URL). */
  appUrl: string;
  integrationId: string;
  inboundSecret: string;
  /** Conversation IDs of the customer messages it got, in order. */
  conversations: string[];
  send: (event: Body) => Promise<void>;
  close: () => Promise<void>;
}

/** "agent" hands over; "think" makes it type (and say nothing yet); anything else is echoed as "Bot here: …". */
export async function startStandInBot(): Promise<StandInBot> {
  const bot: StandInBot = {
    url: "",
    appUrl: "",
    integrationId: "",
    inboundSecret: "",
    conversations: [],
    send: async (event) => {
      const response = await fetch(`${bot.appUrl}/api/v1/integrations/${bot.integrationId}/events`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${bot.inboundSecret}` },
        body: JSON.stringify(event),
      });
      if (response.status !== 202) console.error("The stand-in bot's event was refused:", response.status, await response.text());
    },
    close: () => receiver.close(),
  };
  const receiver = await startReceiver({
    path: "/bot",
    reply: ({ body }) => {
      if (body.Event === "Incoming message" && body.ConversationType === "BOT") {
        const conversation_id = body.Conversationid as string;
        bot.conversations.push(conversation_id);
        const text = String(body.Message ?? "");
        setTimeout(() => {
          if (/agent/i.test(text)) void bot.send({ eventid: "1002", conversation_id, reason: "asked for a person" });
          else if (/think/i.test(text)) void bot.send({ eventid: "1004", conversation_id, typing: "on" });
          else void bot.send({ eventid: "1001", conversation_id, message: `Bot here: ${text}` });
        }, 30);
      }
      return { status: 200, headers: { "content-type": "application/json" }, body: "{}" };
    },
  });
  bot.url = receiver.url;
  return bot;
}

/** A new owner signs up on `page` (whose baseURL is the app) and wires a tenant to `bot`. */
export async function setUpLiveTenant(page: Page, bot: StandInBot) {
  await signUpAndLand(page);
  const { current } = await trpcQuery<{ current: { tenantId: string } }>(page, "tenant.list");
  const integration = await trpcMutation<{ id: string; status: string; inboundSecret: string }>(page, "integration.create", {
    platform: "IMI_BOT",
    name: "Live bot",
    url: bot.url,
    token: "e2e-live-access-token",
  });
  expect(integration.status).toBe("ACTIVE");
  Object.assign(bot, { integrationId: integration.id, inboundSecret: integration.inboundSecret });
  const desk = await trpcMutation<{ id: string }>(page, "integration.create", { platform: "BUILT_IN", name: "Agent desk" });
  const channel = await trpcMutation<{ asset: { id: string } }>(page, "channel.create", { type: "WEB_CHAT", name: "Website" });
  const service = await trpcMutation<{ id: string }>(page, "service.create", { name: "Support" });
  await trpcMutation(page, "service.attachAsset", { serviceId: service.id, assetId: channel.asset.id });
  for (const id of [integration.id, desk.id]) await trpcMutation(page, "service.mapIntegration", { serviceId: service.id, integrationId: id });
  await trpcMutation(page, "rule.create", {
    serviceId: service.id,
    channelAssetId: channel.asset.id,
    event: "INCOMING_MESSAGE",
    actionType: "BOT_CCSP",
    botIntegrationId: integration.id,
    ccspIntegrationId: desk.id,
  });
  return { tenantId: current.tenantId, assetId: channel.asset.id, serviceId: service.id, deskId: desk.id };
}
