/**
 * Issue 17's console snags in Chromium: a phone never scrolls sideways and keeps the top bar on
 * one line, the inspector's filters fold; the keyboard reaches the content and each wizard
 * step's first field; confirmations are styled dialogs that say what happens, cancel with
 * Escape and give focus back; unknown or foreign IDs answer "Not found" at once; a new HTTP
 * channel lands on its page with its secret.
 */
import { devices, expect, test, type Page } from "@playwright/test";
import { newAccount, signUpAndLand } from "./support/accounts";
import { setUpLiveTenant, startStandInBot, type StandInBot } from "./support/live-scene";

let bot: StandInBot;
test.beforeAll(async () => {
  bot = await startStandInBot();
});
test.afterAll(async () => {
  await bot.close();
});

async function wiredTenant(page: Page, baseURL: string) {
  bot.appUrl = baseURL;
  return setUpLiveTenant(page, bot);
}

test("on a phone no console page scrolls sideways, the top bar keeps to one line, the inspector's filters fold", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ ...devices["Pixel 7"], viewport: { width: 390, height: 844 }, baseURL });
  const page = await context.newPage();
  const { assetId, serviceId } = await wiredTenant(page, baseURL!);
  const pages = [
    "/dashboard",
    "/integrations",
    `/integrations/${bot.integrationId}`,
    "/integrations/new/bot",
    "/channels",
    `/channels/${assetId}`,
    "/services",
    `/services/${serviceId}`,
    "/conversations",
    "/agent-desk",
    "/settings",
    "/settings/data",
    "/settings/system",
    "/settings/webhooks",
  ];
  for (const path of pages) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    // Let data-driven parts (tables, charts) render before measuring.
    await page.waitForLoadState("networkidle");
    const { scrollWidth, innerWidth, headerHeight } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      headerHeight: document.querySelector("header > div")!.getBoundingClientRect().height,
    }));
    expect(scrollWidth, `${path} scrolls sideways`).toBeLessThanOrEqual(innerWidth);
    expect(headerHeight, `${path}: the top bar wraps`).toBeLessThan(60);
  }

  // The menu holds the navigation, the API docs and Sign out.
  await page.getByRole("button", { name: "Menu" }).click();
  const menu = page.locator("#mobile-nav");
  await expect(menu.getByRole("link", { name: "API docs" })).toBeVisible();
  await expect(menu.getByRole("button", { name: "Sign out" })).toBeVisible();

  await page.goto("/conversations");
  const search = page.getByRole("form", { name: "Search" });
  await expect(search.getByLabel("Message text")).toBeVisible();
  await expect(search.getByLabel("Channel", { exact: true })).toBeHidden();
  await search.getByRole("button", { name: "Filters", exact: true }).click();
  await expect(search.getByLabel("Channel", { exact: true })).toBeVisible();
  await context.close();
});

test("the keyboard reaches the content, each wizard step's first field, and confirmations give focus back", async ({ page, baseURL }) => {
  const { serviceId } = await wiredTenant(page, baseURL!);

  await page.goto("/dashboard");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();

  await page.goto("/integrations/new/bot");
  await page.getByRole("radio", { name: "OTHERS" }).check();
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByLabel("Integration name")).toBeFocused();
  await page.getByLabel("Integration name").fill("Keyboard bot");
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Webhook URL")).toBeFocused();

  await page.goto(`/services/${serviceId}`);
  const deleteRule = page.getByRole("button", { name: "Delete rule 1" });
  await deleteRule.click();
  const dialog = page.getByRole("dialog", { name: "Delete rule 1?" });
  await expect(dialog).toContainText("cannot be undone");
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(deleteRule).toBeFocused();

  // Disabling a live rule asks too, and says where messages go instead.
  await page.getByRole("button", { name: "Disable rule 1" }).click();
  const disable = page.getByRole("dialog", { name: "Disable rule 1?" });
  await expect(disable).toContainText("go to the next rule that matches");
  await disable.getByRole("button", { name: "Disable rule" }).click();
  await expect(page.getByRole("listitem", { name: "Rule 1" })).toContainText("Disabled");

  // Unmapping an integration a rule uses is refused inside the dialog, with the reason.
  await page.getByRole("button", { name: "Unmap Live bot" }).click();
  const unmap = page.getByRole("dialog", { name: "Unmap Live bot?" });
  await unmap.getByRole("button", { name: "Unmap integration" }).click();
  await expect(unmap.getByRole("alert")).toContainText("first");
  await unmap.getByRole("button", { name: "Cancel" }).click();

  await page.getByRole("button", { name: "Delete rule 1" }).click();
  await page.getByRole("dialog", { name: "Delete rule 1?" }).getByRole("button", { name: "Delete rule" }).click();
  await expect(page.getByText("No rules yet.")).toBeVisible();
});

test("unknown and foreign IDs answer Not found at once; a new HTTP channel opens on its page with its secret", async ({ page, browser, baseURL }) => {
  const { assetId } = await wiredTenant(page, baseURL!);
  for (const path of ["/channels/nope", "/integrations/nope", "/services/nope", "/conversations/nope"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
    await expect(page.getByText(/Loading/)).toHaveCount(0);
  }

  // Another organization's owner gets the same answer for this organization's channel.
  const context = await browser.newContext({ baseURL });
  const stranger = await context.newPage();
  await signUpAndLand(stranger, newAccount("stranger"));
  await stranger.goto(`/channels/${assetId}`);
  await expect(stranger.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
  await context.close();

  // The web chat's page opens the hosted chat; the API docs are one click away.
  await page.goto(`/channels/${assetId}`);
  await expect(page.getByRole("link", { name: "Open the chat in a new tab" })).toHaveAttribute("href", new RegExp(`/chat/${assetId}$`));

  await page.goto("/channels");
  await page.getByLabel("Type").selectOption({ label: "HTTP" });
  await page.getByLabel("Name", { exact: true }).fill("Provider");
  await page.getByLabel("Callback URL").fill(`${bot.url}/callback`);
  await page.getByRole("button", { name: "Create channel" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Provider" })).toBeVisible();
  await expect(page).toHaveURL(/\/channels\/[a-z0-9]+$/);
  await expect(page.getByRole("region", { name: "New channel secret" }).getByTestId("one-time-secret")).not.toBeEmpty();
  await expect(page.getByRole("link", { name: "API docs" }).last()).toHaveAttribute("href", "/docs/api");
  // Shown once: a reload shows no secret.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Provider" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Rotate secret" })).toBeVisible();
  await expect(page.getByRole("region", { name: "New channel secret" })).toHaveCount(0);
});
