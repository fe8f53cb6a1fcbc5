/**
 * Issue 15 in Chromium: an integration's health charts and the list's sparkline fill from real
 * deliveries (the housekeeping runs every 2 s here), the filtered list exports as CSV with a
 * progress line, and the retention setting is changed after a confirmation and then applied.
 */
import { expect, test } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { setUpLiveTenant, startStandInBot, type StandInBot } from "./support/live-scene";

let bot: StandInBot;
test.beforeAll(async () => {
  bot = await startStandInBot();
});
test.afterAll(async () => {
  await bot.close();
});

test("health charts, sparklines, CSV export with progress, retention", async ({ page, browser, baseURL }) => {
  bot.appUrl = baseURL!;
  const { assetId } = await setUpLiveTenant(page, bot);

  // Three visitors write: three conversations, each message delivered to the bot.
  for (const name of ["ann", "bob", "cy"]) {
    const context = await browser.newContext();
    const visitor = await context.newPage();
    await visitor.goto(`/chat/${assetId}`);
    const input = visitor.getByLabel("Message", { exact: true });
    await input.fill(`hello from ${name}`);
    await input.press("Enter");
    await expect(visitor.getByRole("log", { name: "Messages" }).locator('[data-sender="BOT"]', { hasText: `Bot here: hello from ${name}` })).toBeVisible();
    await context.close();
  }

  // The integration's page: the charts count the attempts, none failed.
  await page.goto(`/integrations/${bot.integrationId}`);
  const charts = page.getByTestId("health-charts");
  await expect(charts.getByRole("button", { name: "Last 24 hours" })).toHaveAttribute("aria-pressed", "true");
  await expect(async () => {
    await page.reload();
    await expect(charts.getByTestId("health-chart-totals")).toContainText(/ attempts in 24 hours: \d+ succeeded, 0 refused, 0 without an answer/, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(charts.getByRole("figure", { name: "Attempts per 5 minutes, by outcome" }).locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(charts.getByRole("figure", { name: "Latency p50 and p95 per 5 minutes" })).toBeVisible();
  await charts.getByRole("button", { name: "Last 7 days" }).click();
  await expect(charts.getByTestId("health-chart-totals")).toContainText(/ attempts in 7 days: /);
  await expect(charts.getByRole("figure", { name: "Attempts per hour, by outcome" })).toBeVisible();

  // The integrations list: a sparkline of the success rate.
  await page.goto("/integrations");
  const row = page.getByTestId("integration-row").filter({ hasText: "Live bot" });
  await expect(row.getByTestId("integration-sparkline")).toHaveAttribute("aria-label", /^Success rate per hour over the last 24 hours: 100% in the latest hour/);
  await expect(page.getByTestId("integration-row").filter({ hasText: "Agent desk" })).toContainText("No webhooks");

  // The inspector's list exports as CSV, counting the rows as they arrive.
  await page.goto("/conversations");
  await expect(page.getByRole("table", { name: "Conversations" }).getByTestId("conversation-row")).toHaveCount(3);
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export these conversations as CSV" }).click();
  await expect(page.getByTestId("csv-export-progress")).toHaveText("Exported 3 conversations.");
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^conversations-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = (await readFile((await file.path())!, "utf8")).trimEnd().split("\r\n");
  expect(csv).toHaveLength(4);
  expect(csv[0]).toMatch(/^id,type,status,channel_user,/);

  // Retention: keeping less asks first, is saved, and its first run is shown.
  await page.goto("/settings");
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Data retention" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Data retention" })).toBeVisible();
  await expect(page.getByTestId("retention-current")).toHaveText("Keep everything");
  await page.getByLabel("Keep conversations for", { exact: true }).selectOption("30");
  await page.getByRole("button", { name: "Save" }).click();
  const dialog = page.getByRole("dialog", { name: "Keep conversations for 30 days?" });
  await expect(dialog).toContainText("cannot be undone");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("retention-current")).toHaveText("Keep everything");
  await page.getByRole("button", { name: "Save" }).click();
  await dialog.getByRole("button", { name: "Delete older history" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved.");
  await expect(page.getByTestId("retention-current")).toHaveText("30 days");
  // The runners apply it within seconds here; nothing is that old, so nothing is deleted.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("retention-last-run")).toContainText(": 0 deleted", { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await page.goto("/conversations");
  await expect(page.getByRole("table", { name: "Conversations" }).getByTestId("conversation-row")).toHaveCount(3);
});
