/**
 * A freshly signed-up organization connects the reference bot that `npm run demo` runs, using
 * only what the demo prints (the bot's URL and verification token, and its page) and what the
 * screens say; then the bot's quick replies (postbacks) reach it through the one Incoming message
 * rule, until the tenant separates postbacks in the rule form. The bot already serves another
 * organization (the demo's), whose signing secret it was configured with, as in the demo.
 */
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { startReferenceBot, type PlatformEvent, type ReferenceBot } from "../examples/reference-bot/bot";
import { signUpAndLand } from "./support/accounts";
import { openSection } from "./support/navigation";

const DEMO_TOKEN = "reference-bot-demo-token";
const LIVE = { timeout: 10_000 };

let bot: ReferenceBot;
const events: PlatformEvent[] = [];
const botLog: string[] = [];

test.beforeAll(async () => {
  // As scripts/demo.ts runs it: the verification token, and the demo organization's secrets.
  bot = await startReferenceBot(
    { port: 0, host: "127.0.0.1", verificationToken: DEMO_TOKEN },
    { log: (line) => botLog.push(line), onEvent: (event) => events.push(event) },
  );
  bot.configure({
    signingSecret: `whsec_${randomBytes(24).toString("base64")}`,
    inboundSecret: "sbin_demo_tenant",
    platformEventsUrl: "http://127.0.0.1:9/api/v1/integrations/demo/events",
  });
});

test.afterAll(async () => {
  await bot?.close();
});

test.afterEach(() => {
  const info = test.info();
  if (info.status !== info.expectedStatus) console.log(`Reference bot log:\n${botLog.join("\n")}`);
});

/** The bot's own page: the form the demo points to. */
async function connectOnBotPage(page: Page, fields: { signingSecret: string; platformEventsUrl?: string; inboundSecret?: string }) {
  await page.goto(new URL("/", bot.url).toString());
  await expect(page.getByTestId("bot-webhook-url")).toHaveText(bot.url);
  const form = page.getByRole("form", { name: "Connect an organization" });
  await form.getByLabel(/verification token/).fill(DEMO_TOKEN);
  await form.getByLabel(/^Signing secret/).fill(fields.signingSecret);
  if (fields.platformEventsUrl) await form.getByLabel(/^Inbound webhook URL/).fill(fields.platformEventsUrl);
  if (fields.inboundSecret) await form.getByLabel(/^Inbound webhook secret/).fill(fields.inboundSecret);
  await form.getByRole("button", { name: "Connect" }).click();
}

function chat(page: Page) {
  const log = page.getByRole("log", { name: "Messages" });
  return {
    log,
    from: (sender: "CUSTOMER" | "BOT", text: string | RegExp) => log.locator(`[data-sender="${sender}"]`, { hasText: text }),
    async say(text: string) {
      const input = page.getByLabel("Message", { exact: true });
      await input.fill(text);
      await input.press("Enter");
      await expect(log.locator('[data-sender="CUSTOMER"]', { hasText: text }).locator("time")).toBeVisible(LIVE);
    },
  };
}

test("a new organization connects the demo's running bot from what the demo prints and the screens say, and its quick replies reach the bot", async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext();
  const owner = await context.newPage();
  const botPage = await context.newPage();
  await signUpAndLand(owner);

  // 1. The wizard, with the URL and token the demo prints.
  await openSection(owner, "Integrations");
  await owner.getByRole("button", { name: "Add Integration" }).click();
  await owner.getByRole("link", { name: /^Generic Bot/ }).click();
  await owner.getByRole("radio", { name: "OTHERS" }).check();
  await owner.getByRole("button", { name: "Next" }).click();
  await owner.getByLabel("Integration name").fill("Reference bot");
  await owner.getByRole("button", { name: "Next" }).click();
  await owner.getByLabel("Webhook URL").fill(bot.url);
  await owner.getByLabel("Verification Token").fill(DEMO_TOKEN);

  // Before the bot knows this organization, Verify fails and says where to connect it.
  await owner.getByRole("button", { name: "Verify" }).click();
  await expect(owner.getByTestId("verify-outcome")).toContainText("connect this organization's signing secret on the bot's page", LIVE);

  // 2. The signing secret the wizard shows goes to the bot's page; then Verify and Save.
  const draftSecret = (await owner.getByTestId("draft-signing-secret").textContent())!;
  expect(draftSecret).toMatch(/^whsec_/);
  await connectOnBotPage(botPage, { signingSecret: draftSecret });
  await expect(botPage.getByRole("status")).toContainText("Signing secret saved");
  await owner.getByRole("button", { name: "Verify" }).click();
  await expect(owner.getByTestId("verify-outcome")).toHaveText(/^Verified: the webhook answered with the verification token/, LIVE);
  await owner.getByRole("button", { name: "Save" }).click();
  await expect(owner).toHaveURL(/\/integrations\/[^/]+$/);
  await expect(owner.getByRole("heading", { level: 1, name: /Reference bot/ }).getByTestId("integration-status")).toHaveText("Active");

  // 3. The inbound webhook URL and secret shown once go to the bot's page too.
  const platformEventsUrl = (await owner.getByTestId("inbound-webhook-url").textContent())!;
  const inboundSecret = (await owner.getByTestId("inbound-secret").textContent())!;
  await connectOnBotPage(botPage, { signingSecret: draftSecret, platformEventsUrl, inboundSecret });
  await expect(botPage.getByRole("status")).toContainText("Connected: the bot checks this organization's signatures");
  await expect(botPage.getByTestId("bot-connected")).toHaveText("2");

  // 4. A web chat, a service with it and the bot, one Incoming message rule (postbacks included by default).
  await openSection(owner, "Channels");
  await owner.getByLabel("Type").selectOption({ label: "Web chat" });
  await owner.getByLabel("Name", { exact: true }).fill("Website");
  await owner.getByRole("button", { name: "Create channel" }).click();
  await expect(owner.getByRole("heading", { level: 1, name: "Website" })).toBeVisible();
  const chatUrl = (await owner.getByTestId("hosted-chat-url").textContent())!;
  await openSection(owner, "Services");
  await owner.getByLabel("Service name").fill("Support");
  await owner.getByRole("button", { name: "Create service" }).click();
  await expect(owner.getByRole("heading", { level: 1, name: "Support" })).toBeVisible();
  await owner.getByLabel("Channel to attach").selectOption({ label: "Website (Web chat)" });
  await owner.getByRole("button", { name: "Attach" }).click();
  await expect(owner.getByRole("list", { name: "Attached channels" })).toContainText("Website");
  await owner.getByLabel("Integration to map").selectOption({ label: "Reference bot (BOT)" });
  await owner.getByRole("button", { name: "Save", exact: true }).click();
  await expect(owner.getByRole("list", { name: "Mapped integrations" })).toContainText("Reference bot");
  await owner.getByRole("button", { name: "Add rule" }).click();
  const form = owner.getByRole("form", { name: "New rule" });
  await form.getByLabel("Trigger channel").selectOption({ label: "Website (Web chat)" });
  await form.getByLabel("Event").selectOption({ label: "Incoming message" });
  await expect(form.getByLabel(/Also answer postbacks/)).toBeChecked();
  await expect(form.getByTestId("postback-note")).toContainText("Postbacks go to this rule unless a Postback rule of this service takes them first.");
  await form.getByLabel("Forward the message to BOT").check();
  await form.getByLabel("BOT integration", { exact: true }).selectOption({ label: "Reference bot" });
  await form.getByRole("button", { name: "Save rule" }).click();
  await expect(form).toBeHidden();

  // A visitor: the bot answers, and its quick reply (a postback) reaches it through that rule.
  const visitorContext = await browser.newContext();
  const visitorPage = await visitorContext.newPage();
  await visitorPage.goto(chatUrl);
  const visitor = chat(visitorPage);
  await visitor.say("hello");
  await expect(visitor.from("BOT", "You said: hello")).toBeVisible(LIVE);
  await visitorPage.getByRole("group", { name: "Quick replies" }).getByRole("button", { name: "Bye" }).click();
  await expect(visitor.from("BOT", "Goodbye! Write again any time.")).toBeVisible(LIVE);
  expect(events.filter((e) => e.Event === "POSTBACK" && e.PostbackPayload === "Bye")).toHaveLength(1);
  await expect(visitorPage.getByText("Nobody is set up to answer this chat yet")).toHaveCount(0);

  // The tenant separates postbacks: the form says where they go now, and a tap lands in Unrouted.
  await owner.getByRole("button", { name: "Edit rule 1" }).click();
  const edit = owner.getByRole("form", { name: "Edit rule 1" });
  await edit.getByLabel(/Also answer postbacks/).uncheck();
  await expect(edit.getByTestId("postback-note")).toContainText("Without one, a tap lands in Unrouted");
  await edit.getByRole("button", { name: "Save rule" }).click();
  await expect(edit).toBeHidden();
  await visitor.say("hello again");
  await expect(visitor.from("BOT", "You said: hello again")).toBeVisible(LIVE);
  await visitorPage.getByRole("group", { name: "Quick replies" }).getByRole("button", { name: "Talk to an agent" }).click();
  await expect(visitor.from("CUSTOMER", "Talk to an agent")).toContainText("Nobody is set up to answer this chat yet", LIVE);
  expect(events.filter((e) => e.Event === "POSTBACK" && e.PostbackPayload === "Talk to an agent")).toHaveLength(0);

  await visitorContext.close();
  await context.close();
});
