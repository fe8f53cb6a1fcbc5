/**
 * The built-in agent desk and the conversation inspector, end to end in Chromium:
 * - the owner wires a tenant through the app's own API (tRPC with the browser's session): an
 *   IMI BOT pointing at a stand-in bot this test starts on 127.0.0.1, the built-in agent desk,
 *   a web chat channel, a service and a BOT + CCSP rule;
 * - the customer writes through the public channel API (as a web chat visitor with a visitor
 *   token: a production build accepts only https callback URLs for HTTP channels, and HTTP
 *   callbacks are covered by src/server/desk/desk.test.ts); the stand-in bot answers, and hands
 *   over on "agent" through its generated inbound webhook;
 * - an AGENT, in a second browser context, sees the customer in the desk, accepts, replies and
 *   closes; the customer is back with the bot in the same BOT conversation;
 * - the inspector shows both conversations, linked, with every delivery and its attempts.
 */
import { expect, test } from "@playwright/test";
import { startReceiver, type Receiver } from "../src/test/receiver";
import { newAccount, signUpAndLand } from "./support/accounts";
import { trpcMutation } from "./support/trpc";
import { closeMailbox, joinByInvitation } from "./support/mailbox";

type Body = Record<string, unknown>;

/** The stand-in bot; its requests are what it received, in order. */
let botServer: Receiver;
let botUrl: string;
/** Set once the bot integration exists: where and how the stand-in bot calls back. */
const botIdentity = { appUrl: "", integrationId: "", inboundSecret: "" };

/** The bot calls the platform's generated webhook for its integration, as a real bot would. */
async function botSends(event: Body) {
  const response = await fetch(`${botIdentity.appUrl}/api/v1/integrations/${botIdentity.integrationId}/events`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${botIdentity.inboundSecret}` },
    body: JSON.stringify(event),
  });
  if (response.status !== 202) console.error("The stand-in bot's event was refused:", response.status, await response.text());
}

test.beforeAll(async () => {
  botServer = await startReceiver({
    path: "/bot",
    reply: ({ body }) => {
      // Answer only what the customer says to the bot itself; copies (ConversationType CCSP) are for collation.
      if (body.Event === "Incoming message" && body.ConversationType === "BOT") {
        const conversationId = body.Conversationid as string;
        const text = String(body.Message ?? "");
        setTimeout(() => {
          void (/agent/i.test(text)
            ? botSends({ eventid: "1002", conversation_id: conversationId, reason: "customer asked for an agent" })
            : botSends({ eventid: "1001", conversation_id: conversationId, message: `Bot here: you said "${text}"` }));
        }, 50);
      }
      return { status: 200, headers: { "content-type": "application/json" }, body: '{"status":"ok"}' };
    },
  });
  botUrl = botServer.url;
});

test.afterAll(async () => {
  await closeMailbox();
  await botServer.close();
});

test("a handed-over customer is answered in the agent desk, and the inspector shows every delivery", async ({ page, browser, baseURL }) => {
  test.setTimeout(120_000);
  botIdentity.appUrl = baseURL ?? "";
  await signUpAndLand(page);

  // The tenant: bot, desk, HTTP channel, service, BOT + CCSP rule.
  const bot = await trpcMutation<{ id: string; status: string; inboundSecret: string }>(page, "integration.create", {
    platform: "IMI_BOT",
    name: "Helpdesk bot",
    url: botUrl,
    token: "e2e-desk-access-token",
  });
  expect(bot.status).toBe("ACTIVE");
  Object.assign(botIdentity, { integrationId: bot.id, inboundSecret: bot.inboundSecret });
  const desk = await trpcMutation<{ id: string }>(page, "integration.create", { platform: "BUILT_IN", name: "Agent desk" });
  const channel = await trpcMutation<{ asset: { id: string } }>(page, "channel.create", { type: "WEB_CHAT", name: "Website" });
  const service = await trpcMutation<{ id: string }>(page, "service.create", { name: "Support" });
  await trpcMutation(page, "service.attachAsset", { serviceId: service.id, assetId: channel.asset.id });
  await trpcMutation(page, "service.mapIntegration", { serviceId: service.id, integrationId: bot.id });
  await trpcMutation(page, "service.mapIntegration", { serviceId: service.id, integrationId: desk.id });
  await trpcMutation(page, "rule.create", {
    serviceId: service.id,
    channelAssetId: channel.asset.id,
    event: "INCOMING_MESSAGE",
    actionType: "BOT_CCSP",
    botIntegrationId: bot.id,
    ccspIntegrationId: desk.id,
  });

  // The customer: a web chat visitor with their token, on the public channel API.
  const visitorResponse = await page.request.post(`/api/v1/channels/${channel.asset.id}/visitors`);
  expect(visitorResponse.status()).toBe(201);
  const visitor = (await visitorResponse.json()) as { visitorId: string; token: string };
  const customer = async (message: string) => {
    const response = await page.request.post(`/api/v1/channels/${channel.asset.id}/messages`, {
      headers: { authorization: `Bearer ${visitor.token}` },
      data: { userId: visitor.visitorId, message },
    });
    expect(response.status(), await response.text()).toBe(202);
    return (await response.json()) as { conversationId: string; messageId: string };
  };
  /** What the visitor sees in their chat. */
  const customerSees = (sender: "BOT" | "AGENT", text: string) =>
    expect
      .poll(
        async () => {
          const response = await page.request.get(`/api/v1/channels/${channel.asset.id}/messages`, { headers: { authorization: `Bearer ${visitor.token}` } });
          const { messages } = (await response.json()) as { messages: Array<{ sender: string; text: string | null }> };
          return messages.some((m) => m.sender === sender && m.text === text);
        },
        { timeout: 10_000 },
      )
      .toBe(true);
  const botGot = (predicate: (b: Body) => boolean) => expect.poll(() => botServer.requests.some((r) => predicate(r.body)), { timeout: 10_000 }).toBe(true);

  // The bot answers, then hands over when the customer asks for an agent.
  const hello = await customer("hello");
  await customerSees("BOT", 'Bot here: you said "hello"');
  const handover = await customer("I want an agent please");
  expect(handover.conversationId).toBe(hello.conversationId);
  await botGot((b) => b.Event === "Handover accepted");

  // An agent joins the organization and opens the desk in a second browser context.
  const agentContext = await browser.newContext();
  const agentPage = await agentContext.newPage();
  const agentAccount = newAccount("agent");
  agentAccount.name = "Ann Agent";
  // Invited by email, the agent signs up from the link and lands in this organization.
  await joinByInvitation(page, agentPage, agentAccount, "AGENT");
  await agentPage.goto("/agent-desk");
  await expect(agentPage.getByRole("heading", { level: 1, name: "Agent desk" })).toBeVisible();

  const waiting = agentPage.getByRole("list", { name: "Waiting" });
  const entry = waiting.getByRole("button", { name: new RegExp(visitor.visitorId) });
  await expect(entry).toContainText("Reason: customer asked for an agent");
  await entry.click();
  const conversation = agentPage.getByRole("region", { name: "Conversation" });
  await expect(conversation.getByTestId("handover-reason")).toHaveText("Handover reason: customer asked for an agent");
  const transcript = conversation.getByRole("list", { name: "Transcript" });
  // The bot's part of the transcript.
  await expect(transcript.locator('[data-part="BOT"]').filter({ hasText: "hello" }).first()).toBeVisible();
  await expect(transcript).toContainText('Bot here: you said "hello"');
  await expect(transcript).toContainText("I want an agent please");
  await expect(transcript).toContainText("Handed over to the desk: customer asked for an agent");

  await conversation.getByRole("button", { name: "Accept" }).click();
  await expect(agentPage.getByRole("list", { name: "Mine" }).getByRole("button", { name: new RegExp(visitor.visitorId) })).toBeVisible();
  await expect(waiting).toHaveCount(0);

  // While the desk holds the flag, the customer's messages appear live in the desk.
  const during = await customer("my order 1234 is late");
  expect(during.conversationId).not.toBe(hello.conversationId);
  const ccspConversationId = during.conversationId;
  await expect(transcript.locator('[data-part="DESK"]').filter({ hasText: "my order 1234 is late" })).toBeVisible();

  await conversation.getByLabel("Reply to the customer").fill("Hi, I am Ann. Let me check order 1234.");
  await conversation.getByRole("button", { name: "Send" }).click();
  await expect(transcript.locator('[data-part="DESK"]').filter({ hasText: "Hi, I am Ann. Let me check order 1234." })).toContainText("Ann Agent");
  await expect(conversation.getByLabel("Reply to the customer")).toHaveValue("");
  await customerSees("AGENT", "Hi, I am Ann. Let me check order 1234.");
  await botGot((b) => b.Event === "Agent message" && b.Message === "Hi, I am Ann. Let me check order 1234." && b.Conversationid === hello.conversationId);

  // Close, with confirmation: the customer goes back to the bot.
  await conversation.getByRole("button", { name: "Close" }).click();
  const dialog = agentPage.getByRole("dialog", { name: "Close this conversation?" });
  await dialog.getByRole("button", { name: "Close conversation" }).click();
  await expect(dialog).toBeHidden();
  await expect(agentPage.getByRole("region", { name: "Conversation" })).toHaveCount(0);
  await expect(agentPage.getByRole("heading", { name: "No conversations waiting" })).toBeVisible();
  await botGot((b) => b.Event === "Conversation closed" && b.CCSPConversationid === ccspConversationId);

  const back = await customer("thanks, all good");
  expect(back.conversationId).toBe(hello.conversationId);
  await customerSees("BOT", 'Bot here: you said "thanks, all good"');

  // The inspector: both conversations, linked both ways, with deliveries and attempts.
  await page.goto("/conversations");
  await expect(page.getByRole("heading", { level: 1, name: "Conversations" })).toBeVisible();
  await page.getByLabel("Channel user").fill(visitor.visitorId);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/user=visitor_/);
  const rows = page.getByRole("table", { name: "Conversations" }).getByTestId("conversation-row");
  await expect(rows).toHaveCount(2);
  await page.getByRole("link", { name: hello.conversationId }).click();

  await expect(page.getByRole("heading", { level: 1, name: /BOT conversation/ })).toBeVisible();
  const timeline = page.getByRole("list", { name: "Timeline" });
  await expect(timeline.getByTestId("timeline-message").filter({ hasText: "hello" }).first()).toBeVisible();
  const handoverEvent = timeline.locator('[data-event="HANDOVER"]');
  await expect(handoverEvent).toContainText("Reason: customer asked for an agent");
  // The first customer message went to the bot once, delivered on the first attempt.
  const helloItem = timeline.getByTestId("timeline-item").filter({ has: page.getByText(hello.messageId) });
  const helloDelivery = helloItem.getByTestId("delivery");
  await expect(helloDelivery).toHaveCount(1);
  await expect(helloDelivery.getByTestId("delivery-state")).toHaveText("Delivered");
  await helloDelivery.locator("summary").click();
  await expect(helloDelivery.getByTestId("attempt")).toHaveCount(1);
  await expect(helloDelivery.getByTestId("attempt-result")).toHaveText("HTTP 200");
  await expect(helloDelivery.getByTestId("delivery-payload")).toContainText('"Event": "Incoming message"');
  await expect(helloDelivery.getByTestId("delivery-payload")).toContainText(`"Conversationid": "${hello.conversationId}"`);
  // The bot's copies of the desk part belong to its conversation.
  await expect(timeline.getByTestId("delivery").filter({ hasText: "Agent message" })).toHaveCount(1);
  await expect(timeline.getByTestId("delivery").filter({ hasText: "Conversation closed" })).toHaveCount(1);
  // No replay for a delivered delivery.
  await expect(page.getByRole("button", { name: "Replay" })).toHaveCount(0);

  await handoverEvent.getByRole("link", { name: /CCSP conversation/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: /CCSP conversation/ })).toBeVisible();
  await expect(page.getByTestId("conversation-status")).toHaveText("Closed");
  const deskTimeline = page.getByRole("list", { name: "Timeline" });
  await expect(deskTimeline.locator('[data-event="HANDED_OVER_FROM_BOT"]')).toContainText("Reason: customer asked for an agent");
  await expect(deskTimeline.locator('[data-event="ACCEPTED"]')).toContainText("Accepted in the agent desk by Ann Agent");
  await expect(deskTimeline.locator('[data-event="CLOSED"]')).toContainText("Closed by Ann Agent");
  const agentItem = deskTimeline.getByTestId("timeline-item").filter({ hasText: "Hi, I am Ann. Let me check order 1234." });
  await expect(agentItem.getByTestId("timeline-message")).toContainText("Agent · Ann Agent");
  // The web chat reads the reply live; the bot gets a copy, delivered on the first attempt.
  const copy = agentItem.getByTestId("delivery");
  await expect(copy).toHaveCount(1);
  await expect(copy.getByTestId("delivery-state")).toHaveText("Delivered");
  await copy.locator("summary").click();
  await expect(copy.getByTestId("attempt")).toHaveCount(1);
  await expect(copy.getByTestId("attempt-result")).toHaveText("HTTP 200");
  await expect(copy.getByTestId("delivery-payload")).toContainText('"Event": "Agent message"');
  await expect(copy.getByTestId("delivery-payload")).toContainText(`"Conversationid": "${hello.conversationId}"`);
  await page.getByTestId("parent-link").getByRole("link").click();
  await expect(page.getByTestId("conversation-id")).toHaveText(hello.conversationId);

  // The bot's page shows its delivery health.
  await page.goto(`/integrations/${bot.id}`);
  const health = page.getByRole("region", { name: "Delivery health" });
  await expect(health.getByTestId("health-success-rate")).toContainText("100.0%");
  await expect(health.getByTestId("health-attempt").first()).toContainText("HTTP 200");

  await agentContext.close();
});
