/**
 * Settings → Your account through the real UI, with mail received by a real SMTP server: a new
 * password signs the other browsers out; a new email changes only once the link mailed to it is
 * opened. And an existing account accepts an invitation by signing in.
 */
import { expect, test } from "@playwright/test";
import { newAccount, signIn, signUpAndLand } from "./support/accounts";
import { closeMailbox, linkIn, mailbox, mailTo } from "./support/mailbox";

test.beforeAll(async () => {
  await mailbox();
});

test.afterAll(async () => {
  await closeMailbox();
});

test("change the password and the email in settings", async ({ page, browser }) => {
  const account = await signUpAndLand(page, newAccount("settings"));
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signIn(other, account.email, account.password);
  await expect(other).toHaveURL(/\/dashboard$/);

  await page.goto("/settings");
  const passwordForm = page.getByRole("form", { name: "Change password" });
  await passwordForm.getByLabel("Current password").fill("not my password");
  await passwordForm.getByLabel("New password").fill("a second passphrase");
  await passwordForm.getByRole("button", { name: "Change password" }).click();
  await expect(passwordForm.getByText("The current password is not right")).toBeVisible();
  await passwordForm.getByLabel("Current password").fill(account.password);
  await passwordForm.getByRole("button", { name: "Change password" }).click();
  await expect(passwordForm.getByRole("status")).toHaveText("Password changed. 1 other session was signed out.");
  await other.goto("/dashboard");
  await expect(other).toHaveURL(/\/sign-in/);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();

  const newEmail = newAccount("renamed").email;
  const emailForm = page.getByRole("form", { name: "Change email" });
  await emailForm.getByLabel("New email").fill(newEmail);
  await emailForm.getByLabel("Current password").fill("a second passphrase");
  await emailForm.getByRole("button", { name: "Send confirmation link" }).click();
  await expect(emailForm.getByRole("status")).toContainText(`We sent a link to ${newEmail}`);
  const link = linkIn(await mailTo(newEmail, /^Confirm your new Switchboard email$/), "/confirm-email");
  await other.goto(link);
  await other.getByRole("button", { name: "Confirm this email" }).click();
  await expect(other.getByRole("status")).toContainText(`You now sign in with ${newEmail}`);
  await mailTo(account.email, /^Your Switchboard email was changed$/);

  await signIn(other, newEmail, "a second passphrase");
  await expect(other).toHaveURL(/\/dashboard$/);
  await otherContext.close();
});

test("an existing account accepts an invitation by signing in and lands in the inviting organization", async ({ page, browser }) => {
  const owner = await signUpAndLand(page, newAccount("owner"));
  const inviteeContext = await browser.newContext();
  const invitee = await inviteeContext.newPage();
  const existing = await signUpAndLand(invitee, newAccount("existing"));
  await invitee.getByRole("button", { name: "Sign out" }).click();
  await expect(invitee).toHaveURL(/\/sign-in/);

  await page.goto("/settings");
  await page.getByLabel("Email to invite").fill(existing.email);
  await page.getByLabel("Role", { exact: true }).selectOption("VIEWER");
  await page.getByRole("button", { name: "Send invitation" }).click();
  const link = linkIn(await mailTo(existing.email, /^Join /), "/invitations/accept");

  await invitee.goto(link);
  await expect(invitee.getByText("You already have an account: sign in to join.")).toBeVisible();
  await invitee.getByLabel("Password", { exact: true }).fill(existing.password);
  await invitee.getByRole("button", { name: "Sign in and join" }).click();
  await expect(invitee).toHaveURL(/\/dashboard$/);
  // Two organizations now; this browser works in the one just joined.
  await expect(invitee.getByLabel("Organization", { exact: true }).locator("option:checked")).toHaveText(owner.organization);
  await inviteeContext.close();
});
