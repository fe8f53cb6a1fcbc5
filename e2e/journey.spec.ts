/**
 * Issue 7's two journeys, through the real UI in Chromium, against the real reference bot
 * (examples/reference-bot), which this spec starts on 127.0.0.1 and wires as a person would:
 * started with its verification token only, then handed the secrets the integration page shows.
 *
 * 1. An owner signs up, adds the bot with the wizard (OTHERS, Verify, Save), the built-in agent
 *    desk, a web chat channel and a service with a BOT + CCSP rule, and adds an agent through
 *    Settings > Members. A visitor chats with the bot, asks for an agent, is answered in the desk,
 *    is returned to the bot when the agent closes; the inspector shows the whole timeline.
 * 2. The bot stops: five visitors' first attempts fail, the integration becomes INACTIVE, the next
 *    visitor goes straight to the desk ("bot unavailable"); the bot comes back on the same port,
 *    "Verify again" makes it ACTIVE and the deliveries held meanwhile reach it in their order.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { HANDOVER_REASON, startReferenceBot, type PlatformEvent, type ReferenceBot } from "../examples/reference-bot/bot";
import type { BotConfig } from "../examples/reference-bot/config";
import { newAccount, signUpAndLand, type TestAccount } from "./support/accounts";
import { closeMailbox, linkIn, mailbox, mailTo } from "./support/mailbox";
import { openSection } from "./support/navigation";

const baseURL = `http://localhost:${process.env.E2E_PORT ?? 3100}`;
const VERIFICATION_TOKEN = "journey-verification-token";
/** The bot answers through the platform and the web chat polls: a few seconds at most. */
/** The rule's customer-facing handover text, set in the rule form. */
const CUSTOMER_HANDOVER_TEXT = "One moment: a member of our team will take over.";
const LIVE = { timeout: 10_000 };

/** Everything the reference bot accepted (signature checked once it has the signing secret), in arrival order. */
const received: Array<{ event: PlatformEvent; webhookId: string | null }> = [];
const botLog: string[] = [];
let bot: ReferenceBot | undefined;

/** What the journeys share (the second one reuses the first one's tenant). */
const scene = {
  owner: undefined as Page | undefined,
  agent: undefined as Page | undefined,
  ownerAccount: undefined as TestAccount | undefined,
  botIntegrationPath: "",
  botPort: 0,
  secrets: {} as Pick<BotConfig, "signingSecret" | "inboundSecret" | "platformEventsUrl">,
  assetId: "",
};

function startBot(port: number, secrets: Partial<BotConfig> = {}) {
  return startReferenceBot(
    { port, host: "127.0.0.1", verificationToken: VERIFICATION_TOKEN, ...secrets },
    { log: (line) => botLog.push(line), onEvent: (event, webhookId) => received.push({ event, webhookId }) },
  );
}

async function newPage(browser: Browser) {
  const context = await browser.newContext({ baseURL });
  return context.newPage();
}

const botGot = (match: (event: PlatformEvent) => boolean) => received.filter((r) => match(r.event)).map((r) => r.event);

/** The visitor's identity the chat page keeps (localStorage), to find them in the desk and the inspector. */
async function visitorIdOf(page: Page) {
  const id = await page.evaluate((assetId) => {
    const stored = window.localStorage.getItem(`switchboard.chat.${assetId}`);
    return stored ? (JSON.parse(stored) as { visitorId?: string }).visitorId : undefined;
  }, scene.assetId);
  expect(id, "the chat page keeps the visitor's identity").toMatch(/^visitor_/);
  return id!;
}

function chat(page: Page) {
  const log = page.getByRole("log", { name: "Messages" });
  return {
    log,
    banner: page.getByTestId("agent-banner"),
    from: (sender: "CUSTOMER" | "BOT" | "AGENT", text: string) => log.locator(`[data-sender="${sender}"]`, { hasText: text }),
    /** Types and sends a message, and waits until the platform has it (listed with its time, not "Sending…" or "Not sent"). */
    async say(text: string) {
      const input = page.getByLabel("Message", { exact: true });
      await input.fill(text);
      await input.press("Enter");
      const mine = log.locator('[data-sender="CUSTOMER"]', { hasText: text });
      await expect(mine.locator("time")).toBeVisible(LIVE);
      await expect(mine).toHaveCount(1);
      await expect(mine).not.toContainText(/Sending…|Not sent/);
    },
  };
}

test.describe.configure({ mode: "serial" });

test.afterAll(async () => {
  await closeMailbox();
  await scene.owner?.context().close();
  await scene.agent?.context().close();
  await bot?.close();
});

test.afterEach(() => {
  const info = test.info();
  if (info.status !== info.expectedStatus) console.log(`Reference bot log:\n${botLog.join("\n")}`);
});

test("a visitor chats with the reference bot, is handed to an agent and back, and the inspector shows it all", async ({ browser }) => {
  test.setTimeout(90_000);
  bot = await startBot(0);
  scene.botPort = bot.port;

  // The owner signs up and adds the bot with the wizard: OTHERS, name, webhook, Verify, Save.
  const owner = (scene.owner = await newPage(browser));
  scene.ownerAccount = await signUpAndLand(owner, newAccount("owner"));
  await openSection(owner, "Integrations");
  await owner.getByRole("button", { name: "Add Integration" }).click();
  await owner.getByRole("link", { name: /^Generic Bot/ }).click();
  await expect(owner.getByRole("heading", { name: "Select BOT PLATFORM" })).toBeVisible();
  await owner.getByRole("radio", { name: "OTHERS" }).check();
  await owner.getByRole("button", { name: "Next" }).click();
  await owner.getByLabel("Integration name").fill("Reference bot");
  await owner.getByRole("button", { name: "Next" }).click();
  await expect(owner.getByRole("heading", { name: "Outbound Webhook" })).toBeVisible();
  await owner.getByLabel("Webhook URL").fill(bot.url);
  await owner.getByLabel("Verification Token").fill(VERIFICATION_TOKEN);
  await owner.getByRole("button", { name: "Verify" }).click();
  await expect(owner.getByTestId("verify-outcome")).toHaveText(/^Verified: the webhook answered with the verification token/);
  expect(botGot((e) => e.Event === "Verification")).toHaveLength(1);
  await owner.getByRole("button", { name: "Save" }).click();
  await expect(owner).toHaveURL(/\/integrations\/[^/]+$/);
  scene.botIntegrationPath = new URL(owner.url()).pathname;
  await expect(owner.getByRole("heading", { level: 1, name: /Reference bot/ }).getByTestId("integration-status")).toHaveText("Active");

  // The bot gets the secrets the page shows: the inbound webhook and its secret (shown once), the signing secret.
  const inboundSecret = await owner.getByTestId("inbound-secret").textContent();
  const platformEventsUrl = await owner.getByTestId("inbound-webhook-url").textContent();
  await owner.getByRole("button", { name: "Reveal signing secret" }).click();
  const signingSecret = await owner.getByTestId("signing-secret").textContent();
  expect(inboundSecret).toMatch(/^sbin_/);
  expect(signingSecret).toMatch(/^whsec_/);
  expect(platformEventsUrl).toBe(`${baseURL}${scene.botIntegrationPath.replace(/^\/integrations/, "/api/v1/integrations")}/events`);
  scene.secrets = { inboundSecret: inboundSecret!, signingSecret: signingSecret!, platformEventsUrl: platformEventsUrl! };
  bot.configure(scene.secrets);

  // The built-in agent desk.
  await openSection(owner, "Integrations");
  await owner.getByRole("button", { name: "Add Integration" }).click();
  await owner.getByRole("link", { name: /^CCSP/ }).click();
  await owner.getByRole("radio", { name: "Built-in agent desk" }).check();
  await owner.getByRole("button", { name: "Next" }).click();
  await owner.getByLabel("Integration name").fill("Agent desk");
  await owner.getByRole("button", { name: "Save" }).click();
  await expect(owner.getByRole("heading", { level: 1, name: /Agent desk/ }).getByTestId("integration-status")).toHaveText("Active");

  // Assets > Channels: a web chat.
  await openSection(owner, "Channels");
  await owner.getByLabel("Type").selectOption({ label: "Web chat" });
  await owner.getByLabel("Name", { exact: true }).fill("Website");
  await owner.getByRole("button", { name: "Create channel" }).click();
  await expect(owner.getByRole("heading", { level: 1, name: "Website" })).toBeVisible();
  const hostedChatUrl = await owner.getByTestId("hosted-chat-url").textContent();
  expect(hostedChatUrl).toMatch(new RegExp(`^${baseURL}/chat/[a-z0-9]+$`));
  scene.assetId = hostedChatUrl!.split("/").pop()!;

  // Services: a service with the channel, both integrations, and a BOT + CCSP rule for messages.
  await openSection(owner, "Services");
  await owner.getByLabel("Service name").fill("Support");
  await owner.getByRole("button", { name: "Create service" }).click();
  await expect(owner.getByRole("heading", { level: 1, name: "Support" })).toBeVisible();
  await owner.getByLabel("Channel to attach").selectOption({ label: "Website (Web chat)" });
  await owner.getByRole("button", { name: "Attach" }).click();
  await expect(owner.getByRole("list", { name: "Attached channels" })).toContainText("Website");
  for (const [option, name] of [
    ["Reference bot (BOT)", "Reference bot"],
    ["Agent desk (CCSP)", "Agent desk"],
  ] as const) {
    await owner.getByLabel("Integration to map").selectOption({ label: option });
    await owner.getByRole("button", { name: "Save", exact: true }).click();
    await expect(owner.getByRole("list", { name: "Mapped integrations" })).toContainText(name);
  }
  await owner.getByRole("button", { name: "Add rule" }).click();
  const form = owner.getByRole("form", { name: "New rule" });
  await form.getByLabel("Trigger channel").selectOption({ label: "Website (Web chat)" });
  await form.getByLabel("Event").selectOption({ label: "Incoming message" });
  await form.getByLabel("Forward the message to be handled by BOT + CCSP").check();
  await form.getByLabel("BOT integration", { exact: true }).selectOption({ label: "Reference bot" });
  await form.getByLabel("CCSP integration", { exact: true }).selectOption({ label: "Agent desk" });
  // Journey 2 relies on it: customers go to the desk while the bot is inactive (the default).
  await expect(form.getByLabel("Hand customers to the CCSP while the BOT is unavailable")).toBeChecked();
  await expect(form.getByLabel(/When it is made inactive/)).toBeChecked();
  // A new Incoming message rule answers the bot's quick replies (postbacks) too, and says so.
  await expect(form.getByLabel(/Also answer postbacks/)).toBeChecked();
  await expect(form.getByTestId("postback-note")).toContainText("Postbacks go to this rule unless a Postback rule of this service takes them first.");
  // What the customer reads at a handover: the rule's own words (the bot's reason is internal).
  await form.getByLabel("What the customer reads at a handover").fill(CUSTOMER_HANDOVER_TEXT);
  await form.getByRole("button", { name: "Save rule" }).click();
  await expect(form).toBeHidden();
  await expect(owner.getByRole("list", { name: "Rules" }).getByRole("listitem", { name: "Rule 1" }).getByTestId("rule-action")).toHaveText(
    'Forward the message to be handled by BOT + CCSP: BOT "Reference bot", CCSP "Agent desk"',
  );

  // The owner invites the agent by email; the agent signs up from the mailed link, straight into the owner's organization.
  const agent = (scene.agent = await newPage(browser));
  const agentAccount = newAccount("agent");
  agentAccount.name = "Ann Agent";
  await mailbox();
  await openSection(owner, "Settings");
  await owner.getByLabel("Email to invite").fill(agentAccount.email);
  await owner.getByLabel("Role", { exact: true }).selectOption({ label: "Agent" });
  await owner.getByRole("button", { name: "Send invitation" }).click();
  await expect(owner.getByRole("status").filter({ hasText: "Invitation sent" })).toHaveText(`Invitation sent to ${agentAccount.email} as Agent.`);
  await agent.goto(linkIn(await mailTo(agentAccount.email, /^Join /), "/invitations/accept"));
  await agent.getByLabel("Name", { exact: true }).fill(agentAccount.name);
  await agent.getByLabel("Password", { exact: true }).fill(agentAccount.password);
  await agent.getByRole("button", { name: "Create account and join" }).click();
  await expect(agent).toHaveURL(/\/dashboard$/);
  await expect(agent.getByTestId("current-tenant")).toHaveText(scene.ownerAccount.organization);
  await owner.reload();
  await expect(owner.getByRole("list", { name: "Members" })).toContainText(agentAccount.email);
  await openSection(agent, "Agent desk");
  await expect(agent.getByRole("heading", { name: "No conversations waiting" })).toBeVisible();

  // A visitor opens the hosted chat and says hello: the bot answers.
  const visitorPage = await newPage(browser);
  await visitorPage.goto(`/chat/${scene.assetId}`);
  const visitor = chat(visitorPage);
  await expect(visitorPage.getByText("Say hello to start")).toBeVisible();
  await visitor.say("hello");
  await expect(visitor.from("BOT", "You said: hello")).toBeVisible(LIVE);
  const [hello] = botGot((e) => e.Event === "Incoming message" && e.Message === "hello");
  expect(hello).toMatchObject({ ConversationType: "BOT", Channel: "WEBCHAT" });
  const botConversationId = String(hello!.Conversationid);
  const visitorId = await visitorIdOf(visitorPage);

  // "agent": the bot hands over, the chat says an agent will answer.
  await visitor.say("agent");
  await expect(visitor.log.getByText(CUSTOMER_HANDOVER_TEXT)).toBeVisible(LIVE);
  await expect(visitor.banner).toContainText("Waiting for an agent…");
  await expect(visitorPage.getByTestId("chat-status")).toHaveText("Waiting for an agent…");
  // The bot's internal reason never reaches the customer.
  await expect(visitorPage.getByText(HANDOVER_REASON)).toHaveCount(0);

  // The agent sees the customer appear in the desk, with the bot's part of the transcript; accepts and replies.
  const entry = agent.getByRole("list", { name: "Waiting" }).getByRole("button", { name: new RegExp(visitorId) });
  await expect(entry).toContainText(`Reason: ${HANDOVER_REASON}`, LIVE);
  await entry.click();
  const conversation = agent.getByRole("region", { name: "Conversation" });
  await expect(conversation.getByTestId("handover-reason")).toHaveText(`Handover reason: ${HANDOVER_REASON}`);
  const transcript = conversation.getByRole("list", { name: "Transcript" });
  await expect(transcript).toContainText("You said: hello");
  await conversation.getByRole("button", { name: "Accept" }).click();
  await expect(agent.getByRole("list", { name: "Mine" }).getByRole("button", { name: new RegExp(visitorId) })).toBeVisible();
  // Only now does the visitor read that a person is there, by the agent's display name.
  await expect(visitor.log.getByText(`${agentAccount.name} joined`)).toBeVisible(LIVE);
  await expect(visitorPage.getByTestId("chat-status")).toHaveText(`Chatting with ${agentAccount.name}`);
  await expect(visitor.banner).toContainText(`You're chatting with ${agentAccount.name}.`);
  const agentReply = "Hi, I am Ann. How can I help?";
  await conversation.getByLabel("Reply to the customer").fill(agentReply);
  await conversation.getByRole("button", { name: "Send" }).click();
  await expect(transcript.locator('[data-part="DESK"]').filter({ hasText: agentReply })).toBeVisible();

  // The visitor sees the reply; the agent closes; the visitor is back with the bot.
  await expect(visitor.from("AGENT", agentReply)).toBeVisible(LIVE);
  await expect(visitor.from("AGENT", agentReply)).toContainText(agentAccount.name);
  await conversation.getByRole("button", { name: "Close" }).click();
  const dialog = agent.getByRole("dialog", { name: "Close this conversation?" });
  await dialog.getByRole("button", { name: "Close conversation" }).click();
  await expect(dialog).toBeHidden();
  await expect(agent.getByRole("heading", { name: "No conversations waiting" })).toBeVisible();
  await expect(visitorPage.getByText("The agent closed the conversation. You're chatting with the bot again.")).toBeVisible(LIVE);
  await expect(visitor.banner).toHaveCount(0);
  await visitor.say("thanks");
  const thanksReply = visitor.from("BOT", "You said: thanks");
  await expect(thanksReply).toBeVisible(LIVE);
  expect(botGot((e) => e.Event === "Incoming message" && e.Message === "thanks")).toMatchObject([{ Conversationid: botConversationId, ConversationType: "BOT" }]);
  // The bot collated the desk's part, and heard the reply was Read: nothing is left in flight for journey 2.
  expect(botGot((e) => e.Event === "Agent message" && e.Message === agentReply)).toMatchObject([{ Conversationid: botConversationId }]);
  expect(botGot((e) => e.Event === "Conversation closed")).toHaveLength(1);
  const thanksReplyId = await thanksReply.getAttribute("data-message-id");
  await expect.poll(() => botGot((e) => e.Event === "Message Delivery" && e.Messageid === thanksReplyId && e.DeliveryStatus === "Read").length, LIVE).toBe(1);
  await visitorPage.context().close();

  // The owner's inspector: the visitor's BOT and CCSP conversations; the BOT one's timeline.
  await openSection(owner, "Conversations");
  await owner.getByLabel("Channel user").fill(visitorId);
  await owner.getByRole("button", { name: "Search" }).click();
  await expect(owner.getByRole("table", { name: "Conversations" }).getByTestId("conversation-row")).toHaveCount(2);
  await owner.getByRole("link", { name: botConversationId }).click();
  await expect(owner.getByRole("heading", { level: 1, name: /BOT conversation/ })).toBeVisible();
  await expect(owner.getByTestId("conversation-id")).toHaveText(botConversationId);
  const timeline = owner.getByRole("list", { name: "Timeline" });
  const messages = timeline.getByTestId("timeline-message");
  for (const text of ["hello", "You said: hello", "agent", "thanks", "You said: thanks"]) {
    await expect(messages.filter({ has: owner.getByText(text, { exact: true }) })).toHaveCount(1);
  }
  const handover = timeline.locator('[data-event="HANDOVER"]');
  await expect(handover).toContainText(`Reason: ${HANDOVER_REASON}`);
  // "hello" went to the bot once, delivered at the first attempt, with the payload the bot received.
  const helloDelivery = timeline.getByTestId("timeline-item").filter({ has: owner.getByText(String(hello!.Messageid)) }).getByTestId("delivery");
  await expect(helloDelivery).toHaveCount(1);
  await expect(helloDelivery.getByTestId("delivery-state")).toHaveText("Delivered");
  await helloDelivery.locator("summary").click();
  await expect(helloDelivery.getByTestId("attempt")).toHaveCount(1);
  await expect(helloDelivery.getByTestId("attempt-result")).toHaveText("HTTP 200");
  await expect(helloDelivery.getByTestId("delivery-payload")).toContainText('"Message": "hello"');
  expect(received.find((r) => r.event.Messageid === hello!.Messageid)?.webhookId).toBe(await helloDelivery.getAttribute("data-delivery-id"));
  await expect(timeline.getByTestId("delivery").filter({ hasText: "Agent message" })).toHaveCount(1);
  await expect(timeline.getByTestId("delivery").filter({ hasText: "Conversation closed" })).toHaveCount(1);

  // The desk's side, linked from the handover: accepted by the agent, the reply, closed.
  await handover.getByRole("link", { name: /CCSP conversation/ }).click();
  await expect(owner.getByRole("heading", { level: 1, name: /CCSP conversation/ })).toBeVisible();
  await expect(owner.getByTestId("conversation-status")).toHaveText("Closed");
  const deskTimeline = owner.getByRole("list", { name: "Timeline" });
  await expect(deskTimeline.locator('[data-event="ACCEPTED"]')).toContainText("Accepted in the agent desk by Ann Agent");
  await expect(deskTimeline.getByTestId("timeline-message").filter({ hasText: agentReply })).toContainText("Agent · Ann Agent");
  await expect(deskTimeline.locator('[data-event="CLOSED"]')).toContainText("Closed by Ann Agent");
});

test("the bot stops: five failed first attempts make it INACTIVE, the next visitor goes to the desk, Verify again releases what was held, in order", async ({ browser }) => {
  test.setTimeout(60_000);
  const owner = scene.owner!;
  const agent = scene.agent!;
  await owner.goto(scene.botIntegrationPath);
  const status = owner.getByRole("heading", { level: 1, name: /Reference bot/ }).getByTestId("integration-status");
  await expect(status).toHaveText("Active");
  await expect(owner.getByTestId("consecutive-failures")).toHaveText("0");

  await bot!.close();

  // Five visitors, each in their own browser, write while the bot is down: every first attempt fails.
  for (let i = 1; i <= 5; i++) {
    const page = await newPage(browser);
    await page.goto(`/chat/${scene.assetId}`);
    await expect(page.getByText("Say hello to start")).toBeVisible();
    await chat(page).say(`visitor ${i} is waiting`);
    await page.context().close();
  }

  // The integration page says so (after a reload, as a person would check again).
  await expect(async () => {
    await owner.reload();
    await expect(status).toHaveText("Inactive", { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(owner.getByTestId("consecutive-failures")).toHaveText("5");
  // Its delivery health shows the five failed first attempts, and the deactivation.
  const health = owner.getByRole("region", { name: "Delivery health" });
  const latest = health.getByTestId("health-attempt");
  for (let i = 0; i < 5; i++) {
    await expect(latest.nth(i)).toContainText("Incoming message · attempt 1");
    await expect(latest.nth(i)).toContainText("No response: connection refused");
  }
  const deactivations = health.getByRole("list", { name: "Deactivation history" });
  await expect(deactivations, "the deactivation is in the integration's deactivation history").toContainText("Made inactive", LIVE);

  // The next visitor is handed to the desk at once, with the reason, and keeps writing.
  const sixth = await newPage(browser);
  await sixth.goto(`/chat/${scene.assetId}`);
  const visitor = chat(sixth);
  const held = ["is anyone there?", "my order 1234 is late", "it was due on Monday"];
  await visitor.say(held[0]!);
  await expect(sixth.getByText(CUSTOMER_HANDOVER_TEXT)).toBeVisible(LIVE);
  await expect(visitor.banner).toContainText("Waiting for an agent…");
  await expect(sixth.getByText("bot unavailable")).toHaveCount(0);
  for (const text of held.slice(1)) await visitor.say(text);
  const sixthId = await visitorIdOf(sixth);
  const entry = agent.getByRole("list", { name: "Waiting" }).getByRole("button", { name: new RegExp(sixthId) });
  await expect(entry).toContainText("Reason: bot unavailable", LIVE);
  await entry.click();
  await expect(agent.getByRole("region", { name: "Conversation" }).getByTestId("handover-reason")).toHaveText("Handover reason: bot unavailable");

  // The bot comes back on the same port, with its secrets; Verify again makes the integration ACTIVE.
  bot = await startBot(scene.botPort, scene.secrets);
  await owner.getByRole("button", { name: "Verify again" }).click();
  await expect(owner.getByTestId("verify-outcome")).toHaveText("Verified: the integration is active again.", LIVE);
  await expect(status).toHaveText("Active");

  // What was held for the bot while it was inactive (its copies of the desk's part) arrives, in order.
  const copies = () => botGot((e) => e.Event === "Incoming message" && held.includes(String(e.Message)));
  await expect.poll(() => copies().map((e) => e.Message), LIVE).toEqual(held);
  const [first] = copies();
  expect(first).toMatchObject({ ConversationType: "CCSP" });
  for (const copy of copies()) expect(copy.Conversationid).toBe(first!.Conversationid);

  // The five first messages, held since the deactivation, arrive too.
  await expect
    .poll(() => botGot((e) => e.Event === "Incoming message" && /^visitor \d is waiting$/.test(String(e.Message))).map((e) => e.Message).sort(), LIVE)
    .toEqual([1, 2, 3, 4, 5].map((i) => `visitor ${i} is waiting`));

  // The deactivation history ends with the reactivation.
  await expect(deactivations.getByRole("listitem").first()).toContainText("Active again: Verified again: failure count reset, held deliveries released", LIVE);
  await sixth.context().close();
});
