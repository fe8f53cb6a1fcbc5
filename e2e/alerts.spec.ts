/**
 * Alerts in the browser: a bot (a stand-in on 127.0.0.1) answers 410 Gone and is made inactive;
 * without a reload the bell shows the unread notification (live stream) and the dashboard the
 * banner with "Verify again"; mark as read clears the count; Verify again brings it back. Also
 * the dashboard's onboarding steps from real data, the alert email choices and an operational
 * webhook endpoint added, tested and deleted.
 */
import { expect, test, type Page } from "@playwright/test";
import { startReceiver } from "../src/test/receiver";
import { newAccount, signUpAndLand } from "./support/accounts";
import { closeMailbox, joinByInvitation, mailbox, mailTo } from "./support/mailbox";
import { trpcMutation } from "./support/trpc";

type Body = Record<string, unknown>;

/** A bot that takes everything until told it is gone (410 to customer messages), and a receiver for operational webhooks. */
async function standIns() {
  const state = { gone: false, hooks: [] as Body[] };
  const server = await startReceiver({
    reply: (request) => {
      if (request.path.startsWith("/ops")) {
        state.hooks.push(request.body);
        return { status: 204 };
      }
      const customerMessage = request.body.Event === "Incoming message";
      return { status: state.gone && customerMessage ? 410 : 200, headers: { "content-type": "application/json" }, body: "{}" };
    },
  });
  return {
    state,
    botUrl: `${server.origin}/bot`,
    opsUrl: `${server.origin}/ops`,
    close: server.close,
  };
}

/** The owner on `page` wires a bot (the stand-in) to a web chat with a BOT rule; returns the IDs. */
async function wireBot(page: Page, botUrl: string) {
  const bot = await trpcMutation<{ id: string; status: string }>(page, "integration.create", {
    platform: "IMI_BOT",
    name: "Support bot",
    url: botUrl,
    token: "e2e-alerts-access-token",
  });
  expect(bot.status).toBe("ACTIVE");
  const channel = await trpcMutation<{ asset: { id: string } }>(page, "channel.create", { type: "WEB_CHAT", name: "Website" });
  const service = await trpcMutation<{ id: string }>(page, "service.create", { name: "Support" });
  await trpcMutation(page, "service.attachAsset", { serviceId: service.id, assetId: channel.asset.id });
  await trpcMutation(page, "service.mapIntegration", { serviceId: service.id, integrationId: bot.id });
  await trpcMutation(page, "rule.create", {
    serviceId: service.id,
    channelAssetId: channel.asset.id,
    event: "INCOMING_MESSAGE",
    actionType: "BOT",
    botIntegrationId: bot.id,
  });
  return { botId: bot.id, assetId: channel.asset.id };
}

/** A web chat visitor writes: the bot's answer (410 Gone once it is gone) decides what follows. */
async function customerWrites(page: Page, assetId: string, message: string) {
  const visitor = (await (await page.request.post(`/api/v1/channels/${assetId}/visitors`)).json()) as { visitorId: string; token: string };
  const sent = await page.request.post(`/api/v1/channels/${assetId}/messages`, {
    headers: { authorization: `Bearer ${visitor.token}` },
    data: { userId: visitor.visitorId, message },
  });
  expect(sent.status(), await sent.text()).toBe(202);
}

test.afterAll(async () => {
  await closeMailbox();
});

test("a deactivated bot: the bell counts it, the banner offers Verify again, mark as read clears it", async ({ page }) => {
  await mailbox();
  const stand = await standIns();
  try {
    const account = await signUpAndLand(page);
    // A new organization: every onboarding step to do.
    const steps = page.getByTestId("onboarding-steps");
    await expect(steps).toBeVisible();
    await expect(page.getByTestId("step-bot")).toHaveAttribute("data-done", "false");
    await expect(page.getByTestId("notification-count")).toHaveCount(0);

    const { botId, assetId } = await wireBot(page, stand.botUrl);
    const bot = { id: botId };

    // Steps done so far show as done, from the organization's own data.
    await page.reload();
    await expect(page.getByTestId("step-bot")).toHaveAttribute("data-done", "true");
    await expect(page.getByTestId("step-channel")).toHaveAttribute("data-done", "true");
    await expect(page.getByTestId("step-rule")).toHaveAttribute("data-done", "true");
    await expect(page.getByTestId("step-conversation")).toHaveAttribute("data-done", "false");
    await expect(page.getByTestId("step-bot")).toContainText("Done");

    // The bot goes away: its next delivery is answered 410 Gone, which deactivates it at once.
    stand.state.gone = true;
    await customerWrites(page, assetId, "hello?");

    // No reload: the live stream tells the bell and the banner.
    await expect(page.getByTestId("notification-count")).toHaveText("1", { timeout: 15_000 });
    const banner = page.getByTestId("inactive-banner");
    await expect(banner).toContainText("Support bot is inactive");
    await expect(banner).toContainText("the receiver answered 410 Gone");
    await expect(banner.getByRole("button", { name: "Verify again" })).toBeVisible();

    // The owner is mailed (deactivation mails are on by default).
    const mail = await mailTo(account.email, /Support bot was made inactive/);
    expect(mail.text).toContain("410 Gone");

    // The panel lists it; mark as read clears the count.
    await page.getByRole("button", { name: /Notifications, 1 unread/ }).click();
    const panel = page.getByRole("region", { name: "Notifications" });
    await expect(panel.getByTestId("notification").first()).toContainText("Support bot was made inactive");
    await expect(panel.getByTestId("notification").first()).toHaveAttribute("data-unread", "true");
    await panel.getByRole("button", { name: "Mark as read" }).click();
    await expect(page.getByTestId("notification-count")).toHaveCount(0);
    await expect(panel.getByTestId("notification").first()).toHaveAttribute("data-unread", "false");
    await page.keyboard.press("Escape");

    // The integration's page shows the banner too, pointing to the page's own Verify again.
    await page.goto(`/integrations/${bot.id}`);
    await expect(page.getByTestId("inactive-banner")).toContainText("Support bot is inactive");
    await expect(page.getByTestId("inactive-banner")).toContainText("use Verify again on this page");
    await expect(page.getByRole("button", { name: "Verify again" })).toHaveCount(1);

    // The bot is back: Verify again from the dashboard's banner; it leaves, and the bell says so.
    stand.state.gone = false;
    await page.goto("/dashboard");
    await page.getByTestId("inactive-banner").getByRole("button", { name: "Verify again" }).click();
    await expect(page.getByTestId("inactive-banner")).toHaveCount(0, { timeout: 15_000 });
    await expect(page.getByTestId("notification-count")).toHaveText("1", { timeout: 15_000 });
    await page.getByTestId("notification-bell").click();
    await expect(page.getByRole("region", { name: "Notifications" }).getByTestId("notification").first()).toContainText("Support bot is active again");
    await page.getByRole("button", { name: "Mark all read" }).click();
    await expect(page.getByTestId("notification-count")).toHaveCount(0);
  } finally {
    await stand.close();
  }
});

test("alert email choices and an operational webhook endpoint: add, send test, attempt log, delete", async ({ page }) => {
  const stand = await standIns();
  try {
    await signUpAndLand(page);
    await page.goto("/settings");
    const emails = page.getByRole("region", { name: "Alert emails" });
    const failed = emails.getByRole("checkbox", { name: /Delivery failed/ });
    await expect(failed).not.toBeChecked();
    await failed.check();
    await expect(emails.getByRole("status")).toContainText("Saved: Delivery failed is emailed to you.");
    await page.reload();
    await expect(page.getByRole("region", { name: "Alert emails" }).getByRole("checkbox", { name: /Delivery failed/ })).toBeChecked();

    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Operational webhooks" }).click();
    await expect(page).toHaveURL(/\/settings\/webhooks$/);
    await expect(page.getByText("No operational webhooks yet")).toBeVisible();
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await page.getByLabel("URL").fill(stand.opsUrl);
    await page.getByLabel("Description (optional)").fill("On-call");
    await page.getByRole("checkbox", { name: /integration\.reactivated/ }).uncheck();
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByTestId("new-endpoint-secret")).toHaveText(/^whsec_/);
    await page.getByRole("button", { name: "Done" }).click();

    const endpoint = page.getByTestId("endpoint");
    await expect(endpoint).toContainText("integration.deactivated");
    await expect(endpoint).not.toContainText("integration.reactivated");
    await endpoint.getByRole("button", { name: "Send test" }).click();
    await expect(endpoint.getByTestId("test-outcome")).toHaveText("Test event delivered.");
    await expect(endpoint.getByTestId("attempt-log")).toContainText("webhook.test");
    await expect(endpoint.getByTestId("attempt-log")).toContainText("HTTP 204");
    expect(stand.state.hooks.map((h) => h.type)).toEqual(["webhook.test"]);

    await endpoint.getByRole("button", { name: "Reveal signing secret" }).click();
    await expect(endpoint.getByTestId("endpoint-secret")).toHaveText(/^whsec_/);

    // Delete asks first.
    await endpoint.getByRole("button", { name: "Delete" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete this endpoint?" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Delete endpoint" }).click();
    await expect(page.getByText("No operational webhooks yet")).toBeVisible();
  } finally {
    await stand.close();
  }
});

test("an agent: the desk and the inspector instead of setup steps, the notification too, the banner without Verify again", async ({ page, browser }) => {
  await mailbox();
  const stand = await standIns();
  const agentContext = await browser.newContext();
  try {
    await signUpAndLand(page);
    const agentPage = await agentContext.newPage();
    await joinByInvitation(page, agentPage, newAccount("agent"), "AGENT");
    // What an agent can use, not the admin's setup steps.
    await expect(agentPage.getByTestId("onboarding-steps")).toHaveCount(0);
    const cards = agentPage.getByRole("list", { name: "What you can use" });
    await expect(cards.getByRole("link", { name: /Agent desk/ })).toBeVisible();
    await expect(cards.getByRole("link", { name: /Conversations/ })).toBeVisible();

    const { assetId } = await wireBot(page, stand.botUrl);
    stand.state.gone = true;
    await customerWrites(page, assetId, "anyone?");
    await expect(agentPage.getByTestId("notification-count")).toHaveText("1", { timeout: 15_000 });
    const banner = agentPage.getByTestId("inactive-banner");
    await expect(banner).toContainText("Support bot is inactive");
    await expect(banner).toContainText("Ask an owner or admin");
    await expect(banner.getByRole("button", { name: "Verify again" })).toHaveCount(0);
    // The owner's own copy is separate: the agent reading theirs leaves the owner's unread.
    await agentPage.getByTestId("notification-bell").click();
    await agentPage.getByRole("button", { name: "Mark all read" }).click();
    await expect(agentPage.getByTestId("notification-count")).toHaveCount(0);
    await page.goto("/dashboard");
    await expect(page.getByTestId("notification-count")).toHaveText("1");
  } finally {
    await agentContext.close();
    await stand.close();
  }
});
