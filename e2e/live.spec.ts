/**
 * Live updates in Chromium, with polling out of the picture: the visitor's page may not poll
 * GET /messages at all (any attempt is refused and counted), and the desk and the inspector must
 * send no request while nothing happens. Everything they show after that came through their
 * streams: the chat's own (Server-Sent Events) and the signed-in member's (/api/live). Typing
 * shows on both sides. A stand-in bot on 127.0.0.1 answers through its generated webhook.
 */
import { expect, test, type Page, type Request } from "@playwright/test";
import { newAccount } from "./support/accounts";
import { closeMailbox, joinByInvitation } from "./support/mailbox";
import { setUpLiveTenant, startStandInBot, type StandInBot } from "./support/live-scene";

let bot: StandInBot;

test.beforeAll(async () => {
  bot = await startStandInBot();
});

test.afterAll(async () => {
  await closeMailbox();
  await bot?.close();
});

async function setUpTenant(page: Page, baseURL: string) {
  bot.appUrl = baseURL;
  return setUpLiveTenant(page, bot);
}

/** Requests a page makes from now on, filtered. */
function recordRequests(page: Page, match: (request: Request) => boolean) {
  const seen: string[] = [];
  page.on("request", (request) => {
    if (match(request)) seen.push(request.url());
  });
  return seen;
}

const isPoll = (request: Request) => request.method() === "GET" && /\/api\/v1\/channels\/[^/]+\/messages(\?|$)/.test(request.url());
const isTrpc = (request: Request) => request.url().includes("/api/trpc/");

test("the chat, the desk and the inspector update live with polling disabled; typing shows on both sides", async ({ page, browser, baseURL }) => {
  test.setTimeout(120_000);
  const { assetId } = await setUpTenant(page, baseURL ?? "");

  // The agent, in a browser of their own, opens the desk; the owner opens the inspector.
  const agentContext = await browser.newContext();
  const agent = await agentContext.newPage();
  const agentAccount = newAccount("agent");
  // Invited by email, the agent signs up from the link and lands in this organization.
  await joinByInvitation(page, agent, agentAccount, "AGENT");
  await agent.goto("/agent-desk");
  await expect(agent.getByRole("heading", { name: "No conversations waiting" })).toBeVisible();
  await page.goto("/conversations");
  await expect(page.getByRole("heading", { name: "No conversations yet" })).toBeVisible();

  // The visitor's page may never poll: every GET /messages is refused (and would show "Reconnecting…").
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  const polls = recordRequests(visitor, isPoll);
  await visitor.route(
    (url) => /\/api\/v1\/channels\/[^/]+\/messages$/.test(url.pathname),
    (route) => (route.request().method() === "GET" ? route.abort("failed") : route.fallback()),
  );
  await visitor.goto(`/chat/${assetId}`);
  await expect(visitor.getByText("Say hello to start")).toBeVisible();
  const log = visitor.getByRole("log", { name: "Messages" });
  const input = visitor.getByLabel("Message", { exact: true });

  await input.fill("hello");
  await input.press("Enter");
  await expect(log.locator('[data-sender="BOT"]', { hasText: "Bot here: hello" })).toBeVisible({ timeout: 5_000 });
  // The bot types (1004): the visitor sees it.
  await input.fill("let me think");
  await input.press("Enter");
  await expect(visitor.getByTestId("typing-indicator")).toHaveText("Bot is typing…", { timeout: 5_000 });

  // The inspector's list shows the new conversation without a reload.
  const rows = page.getByRole("table", { name: "Conversations" }).getByTestId("conversation-row");
  await expect(rows).toHaveCount(1, { timeout: 5_000 });

  // Nothing happens for three seconds (once the last delivery's outcome was shown): no page sends a request.
  await visitor.waitForTimeout(1_500);
  const agentRequests = recordRequests(agent, isTrpc);
  const ownerRequests = recordRequests(page, isTrpc);
  await visitor.waitForTimeout(3_000);
  expect(agentRequests, "the desk polled while idle").toEqual([]);
  expect(ownerRequests, "the inspector polled while idle").toEqual([]);
  expect(polls, "the chat polled").toEqual([]);

  // The visitor asks for an agent: the desk's queue shows them at once.
  await input.fill("an agent please");
  await input.press("Enter");
  await expect(visitor.getByTestId("agent-banner")).toBeVisible({ timeout: 5_000 });
  const waiting = agent.getByRole("list", { name: "Waiting" });
  const entry = waiting.getByRole("button", { name: /visitor_/ });
  await expect(entry).toContainText("Reason: asked for a person", { timeout: 5_000 });
  await entry.click();
  const conversation = agent.getByRole("region", { name: "Conversation" });
  await conversation.getByRole("button", { name: "Accept" }).click();
  await expect(agent.getByRole("list", { name: "Mine" }).getByRole("button", { name: /visitor_/ })).toBeVisible();

  // The agent types: the visitor sees it. The visitor types: the agent sees it.
  const reply = conversation.getByLabel("Reply to the customer");
  await reply.pressSequentially("Hello, I am");
  // The visitor sees who is typing: the agent who accepted, by display name.
  await expect(visitor.getByTestId("typing-indicator")).toHaveText(`${agentAccount.name} is typing…`, { timeout: 5_000 });
  await input.pressSequentially("my order");
  await expect(conversation.getByTestId("customer-typing")).toHaveText("Customer is typing…", { timeout: 5_000 });

  // The agent's reply reaches the chat (and the typing note goes); the customer's answer reaches the desk.
  await reply.pressSequentially(" Ann.");
  await reply.press("Enter");
  await expect(log.locator('[data-sender="AGENT"]', { hasText: "Hello, I am Ann." })).toBeVisible({ timeout: 5_000 });
  await expect(visitor.getByTestId("typing-indicator")).toHaveCount(0);
  await input.fill("my order 1234 is late");
  await input.press("Enter");
  const transcript = conversation.getByRole("list", { name: "Transcript" });
  await expect(transcript.locator('[data-part="DESK"]').filter({ hasText: "my order 1234 is late" })).toBeVisible({ timeout: 5_000 });
  await expect(conversation.getByTestId("customer-typing")).toHaveCount(0);

  // The inspector's conversation page follows along: a new message and its delivery's outcome.
  await expect(rows).toHaveCount(2, { timeout: 5_000 });
  const ccspRow = rows.filter({ hasText: "CCSP" });
  await ccspRow.getByRole("link").first().click();
  const timeline = page.getByRole("list", { name: "Timeline" });
  await expect(timeline.getByTestId("timeline-message").filter({ hasText: "my order 1234 is late" })).toBeVisible();
  await input.fill("are you still there?");
  await input.press("Enter");
  await expect(timeline.getByTestId("timeline-message").filter({ hasText: "are you still there?" })).toBeVisible({ timeout: 5_000 });

  await expect(visitor.getByText("Reconnecting…")).toHaveCount(0);
  expect(polls, "the chat polled").toEqual([]);
  await visitorContext.close();
  await agentContext.close();
});

test("the chat falls back to slow polling, without alarming the visitor, when its stream cannot open", async ({ page, browser, baseURL }) => {
  test.setTimeout(90_000);
  const { assetId } = await setUpTenant(page, baseURL ?? "");
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  // A proxy that will not pass the stream.
  await visitor.route((url) => url.pathname.endsWith("/messages/stream"), (route) => route.abort("connectionrefused"));
  const polls = recordRequests(visitor, isPoll);
  await visitor.goto(`/chat/${assetId}`);
  await expect(visitor.getByText("Say hello to start")).toBeVisible({ timeout: 10_000 });
  const input = visitor.getByLabel("Message", { exact: true });
  await input.fill("hello without a stream");
  await input.press("Enter");
  const log = visitor.getByRole("log", { name: "Messages" });
  await expect(log.locator('[data-sender="BOT"]', { hasText: "Bot here: hello without a stream" })).toBeVisible({ timeout: 10_000 });

  // Slowly: over ten seconds, a handful of polls, not one every 700 ms.
  const before = polls.length;
  await visitor.waitForTimeout(10_000);
  expect(polls.length - before).toBeGreaterThanOrEqual(1);
  expect(polls.length - before).toBeLessThanOrEqual(4);
  await expect(visitor.getByText("Reconnecting…")).toHaveCount(0);
  await visitorContext.close();
});
