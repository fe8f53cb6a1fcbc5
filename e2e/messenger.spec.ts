/**
 * Assets > Channels > Add a Messenger channel (docs/messenger.md): its page shows the callback URL
 * and the Verify token to paste into the Meta app, and Meta's verification GET with that token
 * gets the challenge back (any other token a 403). The secrets are hidden until an admin reveals them.
 */
import { expect, test } from "@playwright/test";
import { signUpAndLand } from "./support/accounts";

test("add a Messenger channel, see its callback URL and Verify token, and pass Meta's verification with them", async ({ page }) => {
  await signUpAndLand(page);
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("button", { name: "Assets" }).click();
  await nav.getByRole("link", { name: "Channels" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Channels" })).toBeVisible();

  await page.getByLabel("Type").selectOption({ label: "Messenger" });
  await page.getByLabel("Name", { exact: true }).fill("Acme on Messenger");
  await page.getByLabel("Page name").fill("Acme");
  // A wrong Page ID is refused next to its field.
  await page.getByLabel("Page ID").fill("acme-page");
  await page.getByLabel("Page access token").fill("EAAGe2etoken123");
  await page.getByLabel("App secret").fill("0123456789abcdef0123456789abcdef");
  await page.getByRole("button", { name: "Create channel" }).click();
  await expect(page.getByText("Page ID is the number shown")).toBeVisible();
  await page.getByLabel("Page ID").fill("104738291650382");
  await page.getByRole("button", { name: "Create channel" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Acme on Messenger" })).toBeVisible();
  const callbackUrl = (await page.getByTestId("messenger-callback-url").textContent()) ?? "";
  const verifyToken = (await page.getByTestId("messenger-verify-token").textContent()) ?? "";
  expect(callbackUrl).toMatch(/\/api\/v1\/channels\/[a-z0-9]+\/messenger$/);
  expect(verifyToken).toMatch(/^sbvt_/);
  await expect(page.getByText("Connect your Page")).toBeVisible();
  await expect(page.getByText("Acme (Page ID 104738291650382)")).toBeVisible();
  // The test server has no MESSENGER_GRAPH_API_URL: the page says replies cannot go out yet.
  await expect(page.getByRole("alert").filter({ hasText: "MESSENGER_GRAPH_API_URL" })).toBeVisible();
  // The secrets are not on the page until an admin asks for them.
  await expect(page.getByText("EAAGe2etoken123")).toHaveCount(0);
  await page.getByRole("button", { name: "Reveal Page access token" }).click();
  await expect(page.getByTestId("messenger-page-access-token")).toHaveText("EAAGe2etoken123");

  // Meta's verification GET, as the Meta app sends it when the URL and token are saved there.
  const path = new URL(callbackUrl).pathname;
  const verified = await page.request.get(`${path}?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(verifyToken)}&hub.challenge=1158201444`);
  expect(verified.status()).toBe(200);
  expect(await verified.text()).toBe("1158201444");
  const refused = await page.request.get(`${path}?hub.mode=subscribe&hub.verify_token=not-the-token&hub.challenge=1158201444`);
  expect(refused.status()).toBe(403);
  expect(await refused.text()).not.toBe("1158201444");
});
