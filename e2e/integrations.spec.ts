/**
 * The click path bot builders know for adding a bot, against a stand-in bot this test starts on
 * 127.0.0.1 (the app under test allows private webhook URLs: see playwright.config.ts).
 */
import { createHmac } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { startReceiver, type ReceivedRequest, type Receiver } from "../src/test/receiver";
import { signUpAndLand } from "./support/accounts";

const VERIFICATION_TOKEN = "e2e-verification-token";
const ACCESS_TOKEN = "e2e-imi-access-token";

/** Paths: /others answers with the verification token, /imi checks the Bearer token, /broken fails, /silent omits the token. */
let server: Receiver;
let base: string;
let healthy = true;

test.beforeAll(async () => {
  server = await startReceiver({
    reply: (request) => {
      const path = request.path;
      if (path === "/broken" || !healthy) return { status: 500, headers: { "content-type": "text/plain" }, body: "bot is down for maintenance" };
      if (path === "/others") return { status: 200, headers: { "content-type": "text/plain" }, body: VERIFICATION_TOKEN };
      if (path === "/imi") {
        const ok = request.headers.authorization === `Bearer ${ACCESS_TOKEN}`;
        return { status: ok ? 200 : 401, headers: { "content-type": "application/json" }, body: ok ? '{"status":"ok"}' : '{"error":"bad token"}' };
      }
      return { status: 200, headers: { "content-type": "text/plain" }, body: "hello" };
    },
  });
  base = server.origin;
});

test.afterAll(() => server.close());

/** Whether a request's Standard Webhooks signature (one of those listed) was made with `secret`. */
function signedWith(request: ReceivedRequest, secret: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key).update(`${request.headers["webhook-id"]}.${request.headers["webhook-timestamp"]}.${request.rawBody}`).digest("base64");
  return String(request.headers["webhook-signature"]).split(" ").includes(`v1,${expected}`);
}

test.beforeEach(() => {
  healthy = true;
});

async function startGenericBot(page: Page) {
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("button", { name: "Assets" }).click();
  await nav.getByRole("link", { name: "Integrations" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Integrations" })).toBeVisible();
  // Every test signs up a new organization: nothing is connected yet.
  await expect(page.getByText("No integrations yet")).toBeVisible();
  await page.getByRole("button", { name: "Add Integration" }).click();
  await page.getByRole("link", { name: /^Generic Bot/ }).click();
  await expect(page.getByRole("heading", { name: "Select BOT PLATFORM" })).toBeVisible();
}

test("OTHERS: Verify shows why it failed, then Verify and Save make it ACTIVE", async ({ page }) => {
  await signUpAndLand(page);
  await startGenericBot(page);

  // Next without a choice says what is missing.
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByText("Select one: IMI BOT or OTHERS")).toBeVisible();
  await page.getByRole("radio", { name: "OTHERS" }).check();
  await page.getByRole("button", { name: "Next" }).click();

  await page.getByLabel("Integration name").fill("Generic bot");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByRole("heading", { name: "Outbound Webhook" })).toBeVisible();
  // The signing secret is shown before Verify, so the bot can check even the first request.
  await expect(page.getByTestId("draft-signing-secret")).toHaveText(/^whsec_/);
  const signingSecret = (await page.getByTestId("draft-signing-secret").textContent())!;

  await page.getByLabel("Webhook URL").fill(`${base}/broken`);
  await page.getByLabel("Verification Token").fill(VERIFICATION_TOKEN);
  const save = page.getByRole("button", { name: "Save" });
  await expect(save).toBeDisabled();
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByTestId("verify-outcome")).toHaveText("Verification failed: HTTP 500: bot is down for maintenance");
  await expect(save).toBeDisabled();

  // A 2xx without the token is not enough either.
  await page.getByLabel("Webhook URL").fill(`${base}/silent`);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByTestId("verify-outcome")).toHaveText("Verification failed: the response did not carry the verification token");

  await page.getByLabel("Webhook URL").fill(`${base}/others`);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByTestId("verify-outcome")).toContainText("Verified");
  const verificationRequest = server.requests.filter((r) => r.path === "/others").at(-1)!;
  const verification = JSON.parse(verificationRequest.rawBody) as Record<string, string>;
  expect(verification.Event).toBe("Verification");
  expect(signedWith(verificationRequest, signingSecret)).toBe(true);
  await expect(save).toBeEnabled();
  await save.click();

  await expect(page).toHaveURL(/\/integrations\/[^/]+$/);
  const id = page.url().split("/").pop()!;
  await expect(page.getByRole("heading", { level: 1, name: /Generic bot/ })).toBeVisible();
  await expect(page.getByTestId("integration-status").first()).toHaveText("Active");
  await expect(page.getByTestId("inbound-webhook-url")).toHaveText(new RegExp(`/api/v1/integrations/${id}/events$`));
  await expect(page.getByTestId("inbound-secret")).toHaveText(/^sbin_/);
  await expect(page.getByTestId("consecutive-failures")).toHaveText("0");
  await page.getByRole("button", { name: "Reveal signing secret" }).click();
  await expect(page.getByTestId("signing-secret")).toHaveText(signingSecret);

  // Shown once: after a reload only "Rotate secret" can show one.
  await page.reload();
  await expect(page.getByTestId("integration-status").first()).toHaveText("Active");
  await expect(page.getByTestId("inbound-secret")).toHaveCount(0);

  await page.getByRole("link", { name: "Integrations" }).first().click();
  const row = page.getByTestId("integration-row").filter({ hasText: "Generic bot" });
  await expect(row.getByTestId("integration-status")).toHaveText("Active");
  await expect(row).toContainText("Bot · OTHERS");
});

test("IMI BOT: Save verifies with the access token and makes it ACTIVE; Verify again shows a failure's reason", async ({ page }) => {
  await signUpAndLand(page);
  await startGenericBot(page);
  await page.getByRole("radio", { name: "IMI BOT" }).check();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Integration name").fill("Imi bot");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByRole("heading", { name: "BOT Endpoint" })).toBeVisible();
  await page.getByLabel("BOT's endpoint URL").fill(`${base}/imi`);
  await page.getByLabel("BOT's access token").fill(ACCESS_TOKEN);
  await page.getByRole("button", { name: "Save" }).click();

  await expect(page).toHaveURL(/\/integrations\/[^/]+$/);
  await expect(page.getByTestId("integration-status").first()).toHaveText("Active");
  expect(server.requests.filter((r) => r.path === "/imi").at(-1)?.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
  await expect(page.getByTestId("inbound-secret")).toHaveText(/^sbin_/);

  // The signing secret is revealed on request.
  await page.getByRole("button", { name: "Reveal signing secret" }).click();
  await expect(page.getByTestId("signing-secret")).toHaveText(/^whsec_/);

  // The bot breaks: Verify again says exactly why, and the history records it.
  healthy = false;
  await page.getByRole("button", { name: "Verify again" }).click();
  await expect(page.getByTestId("verify-outcome")).toHaveText("Verification failed: HTTP 500: bot is down for maintenance");
  await expect(page.getByTestId("last-verify-error")).toHaveText("HTTP 500: bot is down for maintenance");
  await expect(page.getByRole("list", { name: "History" })).toContainText("Verification failed: HTTP 500: bot is down for maintenance");

  healthy = true;
  await page.getByRole("button", { name: "Verify again" }).click();
  await expect(page.getByTestId("verify-outcome")).toHaveText("Verified: the integration is active.");
  await expect(page.getByTestId("last-verify-error")).toHaveCount(0);
});

test("IMI BOT whose endpoint fails is saved Unverified with the reason; rotate and delete ask first", async ({ page }) => {
  await signUpAndLand(page);
  await startGenericBot(page);
  await page.getByRole("radio", { name: "IMI BOT" }).check();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Integration name").fill("Wrong token bot");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("BOT's endpoint URL").fill(`${base}/imi`);
  await page.getByLabel("BOT's access token").fill("not-the-token");
  await page.getByRole("button", { name: "Save" }).click();

  await expect(page).toHaveURL(/\/integrations\/[^/]+$/);
  await expect(page.getByTestId("integration-status").first()).toHaveText("Unverified");
  await expect(page.getByTestId("last-verify-error")).toHaveText('HTTP 401: {"error":"bad token"}');
  const firstSecret = await page.getByTestId("inbound-secret").textContent();

  // Fix the token in Edit: saving verifies again.
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("BOT's access token").fill(ACCESS_TOKEN);
  await expect(page.getByTestId("require-signed-events")).toHaveCount(0);
  await page.getByRole("checkbox", { name: /Require signed inbound events/ }).check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/integrations\/[^/]+$/);
  await expect(page.getByTestId("integration-status").first()).toHaveText("Active");
  await expect(page.getByTestId("require-signed-events")).toHaveText(/^Required/);

  await page.getByRole("button", { name: "Rotate secret" }).click();
  const rotateDialog = page.getByRole("dialog", { name: /Rotate the secret/ });
  await expect(rotateDialog).toContainText("The current secret stops working at once");
  await rotateDialog.getByRole("button", { name: "Rotate secret" }).click();
  await expect(rotateDialog).toBeHidden();
  await expect(page.getByTestId("inbound-secret")).toHaveText(/^sbin_/);
  expect(await page.getByTestId("inbound-secret").textContent()).not.toBe(firstSecret);

  // With a grace period the page says until when the replaced secret keeps working.
  await page.getByRole("button", { name: "I have copied it" }).click();
  await page.getByRole("button", { name: "Rotate secret" }).click();
  await rotateDialog.getByRole("radio", { name: "24 hours" }).check();
  await expect(rotateDialog).toContainText("keeps working for 24 hours");
  await rotateDialog.getByRole("button", { name: "Rotate secret" }).click();
  await expect(rotateDialog).toBeHidden();
  await expect(page.getByTestId("previous-inbound-secret")).toContainText("The previous secret keeps working until");

  // The signing secret too: both signatures during the overlap.
  await page.getByRole("button", { name: "Rotate signing secret" }).click();
  const signingDialog = page.getByRole("dialog", { name: /Rotate the signing secret/ });
  await signingDialog.getByRole("radio", { name: "1 hour" }).check();
  await signingDialog.getByRole("button", { name: "Rotate signing secret" }).click();
  await expect(signingDialog).toBeHidden();
  await expect(page.getByTestId("previous-signing-secret")).toContainText("also carries a signature made with the previous secret");

  await page.getByRole("button", { name: "Delete" }).click();
  const deleteDialog = page.getByRole("dialog", { name: "Delete Wrong token bot?" });
  await expect(deleteDialog).toContainText("No service uses it.");
  await deleteDialog.getByRole("button", { name: "Cancel" }).click();
  await expect(deleteDialog).toBeHidden();
  await page.getByRole("button", { name: "Delete" }).click();
  await deleteDialog.getByRole("button", { name: "Delete integration" }).click();
  await expect(page).toHaveURL(/\/integrations$/);
  await expect(page.getByText("No integrations yet")).toBeVisible();
});

test("CCSP: the built-in agent desk is ACTIVE at once, with nothing to verify", async ({ page }) => {
  await signUpAndLand(page);
  await page.goto("/integrations");
  await page.getByRole("button", { name: "Add Integration" }).click();
  await page.getByRole("link", { name: /^CCSP/ }).click();
  await expect(page.getByRole("heading", { name: "Select CCSP" })).toBeVisible();
  await page.getByRole("radio", { name: "Built-in agent desk" }).check();
  await page.getByRole("button", { name: "Next" }).click();
  // Keyboard only: type the name and press Enter to save.
  await page.getByLabel("Integration name").fill("Agents");
  await page.getByLabel("Integration name").press("Enter");

  await expect(page).toHaveURL(/\/integrations\/[^/]+$/);
  await expect(page.getByTestId("integration-status").first()).toHaveText("Active");
  await expect(page.getByRole("button", { name: "Verify again" })).toHaveCount(0);
  await expect(page.getByTestId("inbound-webhook-url")).toHaveCount(0);
});
