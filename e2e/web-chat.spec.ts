/**
 * The hosted web chat against the reference bot (examples/reference-bot), which this test starts
 * on 127.0.0.1. The scene is set up as a tenant would, through the app's own API (tRPC over HTTP
 * with the signed-in page's session): an OTHERS integration (Verify, then Save with the ticket),
 * the built-in agent desk, a WEB_CHAT channel, a service with both mapped and BOT + CCSP rules for
 * messages and postbacks. Visitors then use /chat/{assetId} in browser contexts of their own.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { startReferenceBot, type PlatformEvent, type ReferenceBot } from "../examples/reference-bot/bot";
import { startReceiver } from "../src/test/receiver";
import { signUpAndLand } from "./support/accounts";
import { trpcMutation as trpc } from "./support/trpc";

const baseURL = `http://localhost:${process.env.E2E_PORT ?? 3100}`;
const VERIFICATION_TOKEN = "web-chat-e2e-verification-token";

let bot: ReferenceBot;
const botEvents: PlatformEvent[] = [];
let assetId: string;
let embedSnippet: string;
/** The organization's owner, signed in on the console. */
let admin: Page;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  // Until the integration exists the bot knows only its verification token (README: first Verify).
  bot = await startReferenceBot(
    { port: 0, host: "127.0.0.1", verificationToken: VERIFICATION_TOKEN },
    { log: () => {}, onEvent: (event) => botEvents.push(event) },
  );

  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signUpAndLand(page);
  const draft = await trpc<{ ok: boolean; ticket?: string; reason?: string }>(page, "integration.verifyDraft", { url: bot.url, token: VERIFICATION_TOKEN });
  expect(draft, draft.reason).toMatchObject({ ok: true });
  const integration = await trpc<{ id: string; status: string; inboundSecret: string }>(page, "integration.create", {
    platform: "OTHERS",
    name: "Reference bot",
    url: bot.url,
    token: VERIFICATION_TOKEN,
    verificationTicket: draft.ticket,
  });
  expect(integration.status).toBe("ACTIVE");
  const { signingSecret } = await trpc<{ signingSecret: string }>(page, "integration.revealSigningSecret", { id: integration.id });
  bot.configure({
    signingSecret,
    inboundSecret: integration.inboundSecret,
    platformEventsUrl: `${baseURL}/api/v1/integrations/${integration.id}/events`,
  });

  const desk = await trpc<{ id: string }>(page, "integration.create", { platform: "BUILT_IN", name: "Agent desk" });
  const channel = await trpc<{ asset: { id: string; embedSnippet: string } }>(page, "channel.create", { type: "WEB_CHAT", name: "Website", allowedOrigins: [] });
  assetId = channel.asset.id;
  embedSnippet = channel.asset.embedSnippet;
  const service = await trpc<{ id: string }>(page, "service.create", { name: "Support" });
  await trpc(page, "service.attachAsset", { serviceId: service.id, assetId });
  for (const integrationId of [integration.id, desk.id]) await trpc(page, "service.mapIntegration", { serviceId: service.id, integrationId });
  for (const event of ["INCOMING_MESSAGE", "POSTBACK"]) {
    await trpc(page, "rule.create", {
      serviceId: service.id,
      channelAssetId: assetId,
      event,
      actionType: "BOT_CCSP",
      botIntegrationId: integration.id,
      ccspIntegrationId: desk.id,
    });
  }
  admin = page;
});

test.afterAll(async () => {
  await admin?.context().close();
  await bot?.close();
});

async function visitor(browser: Browser) {
  const context = await browser.newContext({ baseURL });
  return { context, page: await context.newPage() };
}

const eventsWhere = (match: (event: PlatformEvent) => boolean) => botEvents.filter(match);

test("a visitor chats with the bot: reply, quick replies, Read receipts, a network drop, a postback, and a reload", async ({ browser }) => {
  const { context, page } = await visitor(browser);
  await page.goto(`/chat/${assetId}`);
  await expect(page.getByText("Say hello to start")).toBeVisible();

  const input = page.getByLabel("Message", { exact: true });
  const log = page.getByRole("log", { name: "Messages" });
  const quickReplies = page.getByRole("group", { name: "Quick replies" });

  // "hello" reaches the bot; its reply and its quick replies show within seconds.
  await input.fill("hello");
  await input.press("Enter");
  await expect(log.locator('[data-sender="CUSTOMER"]', { hasText: "hello" })).toBeVisible();
  const reply = log.locator('[data-sender="BOT"]', { hasText: "You said: hello" });
  await expect(reply).toBeVisible({ timeout: 5_000 });
  await expect(reply).toContainText("Bot");
  await expect(quickReplies.getByRole("button")).toHaveText(["Talk to an agent", "Bye"]);

  // The reply was on screen: the bot hears it was Read.
  const replyId = await reply.getAttribute("data-message-id");
  expect(replyId).toMatch(/^msg_/);
  const readOfReply = () => eventsWhere((e) => e.Event === "Message Delivery" && e.Messageid === replyId && e.DeliveryStatus === "Read");
  await expect.poll(() => readOfReply().length, { timeout: 5_000 }).toBe(1);

  // The network drops while the visitor sends: the message reaches the platform, the answer is lost.
  let dropped = true;
  await page.route("**/api/v1/channels/**", async (route) => {
    if (!dropped) return route.fallback();
    if (route.request().method() === "POST" && route.request().url().endsWith("/messages")) {
      await route.fetch(); // it arrives…
      return route.abort("connectionreset"); // …but the page never learns
    }
    return route.abort("internetdisconnected");
  });
  await input.fill("are you there?");
  await input.press("Enter");
  // Requests fail: the page says so until they work again.
  await expect(page.getByText("Reconnecting…")).toBeVisible();
  // The live stream, already open, lists the message whose answer was lost: it shows once (not as
  // "Not sent"), and the bot's answer to it arrives while the drop lasts.
  const notSent = log.locator('[data-sender="CUSTOMER"]', { hasText: "are you there?" });
  const sendAlert = page.getByRole("alert").filter({ hasText: "Your message was not sent" });
  await expect(log.locator('[data-sender="BOT"]', { hasText: "You said: are you there?" })).toBeVisible({ timeout: 5_000 });
  await expect(notSent).toHaveCount(1);
  await expect(notSent).not.toContainText("Not sent");
  await expect(sendAlert).toHaveCount(0);

  // Back online: requests work again.
  dropped = false;
  await expect(page.getByText("Reconnecting…")).toBeHidden({ timeout: 10_000 });
  await page.unroute("**/api/v1/channels/**");

  // Offline for real: sending fails visibly, Retry sends it again with the same client ID.
  await context.setOffline(true);
  await expect(page.getByText("Reconnecting…")).toBeVisible();
  await input.fill("sent while offline");
  await input.press("Enter");
  const offline = log.locator('[data-sender="CUSTOMER"]', { hasText: "sent while offline" });
  await expect(offline).toContainText("Not sent: no connection");
  await context.setOffline(false);
  await expect(page.getByText("Reconnecting…")).toBeHidden({ timeout: 10_000 });
  await offline.getByRole("button", { name: "Retry" }).click();
  await expect(log.locator('[data-sender="BOT"]', { hasText: "You said: sent while offline" })).toBeVisible({ timeout: 5_000 });
  await expect(offline).toHaveCount(1);

  const incoming = (text: string) => eventsWhere((e) => e.Event === "Incoming message" && e.Message === text);
  expect(incoming("hello")).toHaveLength(1);
  expect(incoming("are you there?")).toHaveLength(1);
  expect(incoming("sent while offline")).toHaveLength(1);

  // A quick reply sends a postback; the bot hands over, and the page says an agent has the chat.
  await quickReplies.getByRole("button", { name: "Talk to an agent" }).click();
  await expect.poll(() => eventsWhere((e) => e.Event === "POSTBACK" && e.PostbackPayload === "Talk to an agent").length, { timeout: 5_000 }).toBe(1);
  await expect(page.getByTestId("agent-banner")).toContainText("Waiting for an agent…", { timeout: 5_000 });
  // The rule has no handover text of its own: the friendly default; the bot's reason stays internal.
  await expect(log.getByText("Connecting you to an agent. Someone will be with you shortly.")).toBeVisible();
  await expect(page.getByText("customer asked for an agent")).toHaveCount(0);
  await expect(quickReplies).toHaveCount(0);

  // A reload keeps the visitor, the whole history once, the agent's state, and reports no Read twice.
  await page.reload();
  await expect(log.locator('[data-sender="BOT"]', { hasText: "You said: hello" })).toHaveCount(1);
  await expect(log.locator('[data-sender="CUSTOMER"]')).toHaveText([/hello/, /are you there\?/, /sent while offline/, /Talk to an agent/]);
  await expect(page.getByTestId("agent-banner")).toBeVisible();
  await expect(page.getByText("Say hello to start")).toHaveCount(0);
  await page.waitForTimeout(1_500);
  expect(readOfReply()).toHaveLength(1);

  await context.close();
});

test("embedded with the channel's snippet: a visitor says bye, sees the conversation closed, and starts a new one", async ({ browser }) => {
  // Another site (another origin) whose page embeds the snippet the channel page shows. It is served
  // from 127.0.0.1, not intercepted: Chromium refuses to frame a local page into a public one.
  const shop = await startReceiver({ path: "/", reply: { status: 200, headers: { "content-type": "text/html" }, body: `<!doctype html><title>Shop</title><h1>Shop</h1>${embedSnippet}` } });
  const { context, page } = await visitor(browser);
  await page.goto(shop.url);
  await expect(page.getByRole("heading", { name: "Shop" })).toBeVisible();
  const chat = page.frameLocator('iframe[title="Chat with us"]');
  await expect(chat.getByText("Say hello to start")).toBeVisible();

  const input = chat.getByLabel("Message", { exact: true });
  await input.fill("bye");
  await chat.getByRole("button", { name: "Send" }).click();
  await expect(chat.getByText("Goodbye! Write again any time.")).toBeVisible({ timeout: 5_000 });
  await expect(chat.getByText("This conversation was closed. Send a message to start a new one.")).toBeVisible({ timeout: 5_000 });

  await input.fill("hello again");
  await input.press("Enter");
  await expect(chat.getByText("You said: hello again")).toBeVisible({ timeout: 5_000 });
  const conversations = eventsWhere((e) => e.Event === "Incoming message" && (e.Message === "bye" || e.Message === "hello again")).map((e) => e.Conversationid);
  expect(new Set(conversations).size).toBe(2);

  await context.close();
  await shop.close();
});

test("an admin signs every visitor out: the open chat starts over, empty, as a new visitor", async ({ browser }) => {
  const { context, page } = await visitor(browser);
  await page.goto(`/chat/${assetId}`);
  const input = page.getByLabel("Message", { exact: true });
  await input.fill("before the sign-out");
  await input.press("Enter");
  await expect(page.getByText("You said: before the sign-out")).toBeVisible({ timeout: 5_000 });

  await admin.goto(`/channels/${assetId}`);
  const visitors = admin.getByRole("region", { name: "Visitors" });
  await expect(visitors).toContainText("Last signed out: never");
  await visitors.getByRole("button", { name: "Sign out every visitor" }).click();
  const dialog = admin.getByRole("dialog");
  await expect(dialog).toContainText("Every chat open now restarts empty");
  await dialog.getByRole("button", { name: "Sign out every visitor" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(visitors).not.toContainText("never");

  // The open chat hears it on its stream and starts over; its earlier messages are no longer its own.
  await expect(page.getByText("Say hello to start")).toBeVisible({ timeout: 5_000 });
  await expect(page.getByText("You said: before the sign-out")).toHaveCount(0);
  await input.fill("after the sign-out");
  await input.press("Enter");
  await expect(page.getByText("You said: after the sign-out")).toBeVisible({ timeout: 5_000 });
  await page.reload();
  await expect(page.getByText("You said: after the sign-out")).toBeVisible({ timeout: 5_000 });
  await expect(page.getByText("You said: before the sign-out")).toHaveCount(0);
  await context.close();
});

test("an unknown channel has no chat page", async ({ browser }) => {
  const { context, page } = await visitor(browser);
  const response = await page.goto("/chat/no-such-channel");
  expect(response?.status()).toBe(404);
  await context.close();
});
