/**
 * Assets > Channels, Services and their rules: a WEB_CHAT asset, a service with a BOT and a CCSP
 * integration mapped to it, and a BOT + CCSP rule listed with its trigger and action.
 *
 * The two integrations are created through the app's own API (tRPC `integration.create`) with
 * the signed-in browser's session, so this spec does not depend on the integration wizard's
 * screens: the bot is an IMI BOT pointing at a stand-in on 127.0.0.1 ("Save" verifies it), the
 * CCSP is the built-in agent desk.
 */
import { expect, test, type Page } from "@playwright/test";
import { startReceiver, type Receiver } from "../src/test/receiver";
import { signUpAndLand } from "./support/accounts";
import { trpcMutation } from "./support/trpc";

let bot: Receiver;
let botUrl: string;

test.beforeAll(async () => {
  bot = await startReceiver({ path: "/bot", reply: { status: 200, headers: { "content-type": "application/json" }, body: '{"status":"ok"}' } });
  botUrl = bot.url;
});

test.afterAll(() => bot.close());

async function openSection(page: Page, name: "Channels" | "Services") {
  const nav = page.getByRole("navigation", { name: "Main" });
  if (name === "Channels") {
    await nav.getByRole("button", { name: "Assets" }).click();
    await nav.getByRole("link", { name: "Channels" }).click();
  } else {
    await nav.getByRole("link", { name: "Services" }).click();
  }
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

test("a web chat, a service with a BOT and a CCSP, and a BOT + CCSP rule listed with its trigger and action", async ({ page }) => {
  await signUpAndLand(page);
  await trpcMutation(page, "integration.create", { platform: "IMI_BOT", name: "Helpdesk bot", url: botUrl, token: "e2e-access-token" });
  await trpcMutation(page, "integration.create", { platform: "BUILT_IN", name: "Agent desk" });

  // Assets > Channels: a web chat, which shows its hosted chat page and embed snippet.
  await openSection(page, "Channels");
  await page.getByLabel("Type").selectOption({ label: "Web chat" });
  await page.getByLabel("Name", { exact: true }).fill("Website");
  await page.getByLabel("Allowed origins").fill("https://shop.example.com/");
  await page.getByRole("button", { name: "Create channel" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Website" })).toBeVisible();
  await expect(page.getByTestId("hosted-chat-url")).toHaveText(/\/chat\/[a-z0-9]+$/);
  await expect(page.getByTestId("embed-snippet")).toContainText("<iframe src=");
  // Saved as an origin (the trailing slash is gone).
  await expect(page.getByRole("textbox", { name: "Allowed origins" })).toHaveValue("https://shop.example.com");

  // Services: create one, attach the channel, map both integrations ("click Save").
  await openSection(page, "Services");
  await page.getByLabel("Service name").fill("Support");
  await page.getByRole("button", { name: "Create service" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Support" })).toBeVisible();

  await page.getByLabel("Channel to attach").selectOption({ label: "Website (Web chat)" });
  await page.getByRole("button", { name: "Attach" }).click();
  await expect(page.getByRole("list", { name: "Attached channels" })).toContainText("Website");

  for (const integration of ["Helpdesk bot (BOT)", "Agent desk (CCSP)"]) {
    await page.getByLabel("Integration to map").selectOption({ label: integration });
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByRole("list", { name: "Mapped integrations" })).toContainText(integration.replace(/ \(.*\)$/, ""));
  }

  // A BOT + CCSP rule; the action's words as docs/protocol.md gives them.
  await page.getByRole("button", { name: "Add rule" }).click();
  const form = page.getByRole("form", { name: "New rule" });
  await form.getByLabel("Trigger channel").selectOption({ label: "Website (Web chat)" });
  await form.getByLabel("Event").selectOption({ label: "Incoming message" });
  await form.getByLabel("Forward the message to be handled by BOT + CCSP").check();
  // Saving without the CCSP says what is missing, next to the field.
  await form.getByLabel("BOT integration", { exact: true }).selectOption({ label: "Helpdesk bot" });
  await form.getByRole("button", { name: "Save rule" }).click();
  await expect(form.getByText("A BOT + CCSP rule needs both a BOT and a CCSP integration: choose the CCSP")).toBeVisible();
  await form.getByLabel("CCSP integration", { exact: true }).selectOption({ label: "Agent desk" });
  await form.getByRole("button", { name: "Save rule" }).click();
  await expect(form).toBeHidden();

  const rules = page.getByRole("list", { name: "Rules" });
  const rule = rules.getByRole("listitem", { name: "Rule 1" });
  await expect(rule.getByTestId("rule-trigger")).toHaveText('Incoming message on "Website"');
  await expect(rule.getByTestId("rule-action")).toHaveText('Forward the message to be handled by BOT + CCSP: BOT "Helpdesk bot", CCSP "Agent desk"');

  // A second, narrower rule goes last; moved up, it runs first.
  await page.getByRole("button", { name: "Add rule" }).click();
  await form.getByLabel("Forward the message to BOT", { exact: true }).check();
  await form.getByLabel("BOT integration", { exact: true }).selectOption({ label: "Helpdesk bot" });
  await form.getByRole("button", { name: "Add condition" }).click();
  await form.getByLabel("Text", { exact: true }).fill("refund");
  await form.getByRole("button", { name: "Save rule" }).click();
  await expect(form).toBeHidden();
  await expect(rules.getByRole("listitem", { name: "Rule 2" }).getByTestId("rule-action")).toHaveText('Forward the message to BOT "Helpdesk bot"');
  await page.getByRole("button", { name: "Move rule 2 up" }).click();
  await expect(rules.getByRole("listitem", { name: "Rule 1" }).getByTestId("rule-action")).toHaveText('Forward the message to BOT "Helpdesk bot"');
  await expect(rules.getByRole("listitem", { name: "Rule 1" })).toContainText('Text contains "refund"');
  await expect(rules.getByRole("listitem", { name: "Rule 2" }).getByTestId("rule-action")).toContainText("BOT + CCSP");

  // The channel now says which rules use it, and cannot be deleted while they do.
  await page.getByRole("link", { name: "Website" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Website" })).toBeVisible();
  await expect(page.getByText('Channel "Website" is used by 2 rules')).toBeVisible();
  await expect(page.getByRole("button", { name: "Delete channel" })).toHaveCount(0);
});

test("on the integration list, map the added BOT integration to a service and click Save", async ({ page }) => {
  await signUpAndLand(page);
  await trpcMutation(page, "integration.create", {
    platform: "IMI_BOT",
    name: "List bot",
    url: botUrl,
    token: "access-token",
  });
  await trpcMutation(page, "service.create", { name: "Sales" });

  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("button", { name: "Assets" }).click();
  await nav.getByRole("link", { name: "Integrations" }).click();
  const row = page.getByTestId("integration-row").filter({ hasText: "List bot" });
  await expect(row.getByText("not mapped to a service yet")).toBeVisible();
  await row.getByLabel('Service for "List bot"').selectOption({ label: "Sales" });
  await row.getByRole("button", { name: "Save" }).click();
  await expect(row.getByRole("status")).toHaveText("Mapped to Sales");
  await expect(row.getByRole("link", { name: "Sales" })).toBeVisible();
});
