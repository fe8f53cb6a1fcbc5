/**
 * Password reset through the real UI with the mail received by a real SMTP server: the link
 * sets a new password, and every browser signed in before is signed out.
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

test("reset password → the old sessions end, the new password signs in", async ({ page, browser }) => {
  const account = await signUpAndLand(page, newAccount("forgetful"));
  // A second browser signed in too.
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signIn(other, account.email, account.password);
  await expect(other).toHaveURL(/\/dashboard$/);

  const resetContext = await browser.newContext();
  const reset = await resetContext.newPage();
  await reset.goto("/sign-in");
  await reset.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(reset.getByRole("heading", { level: 1, name: "Forgot your password?" })).toBeVisible();
  await reset.getByLabel("Email", { exact: true }).fill(account.email);
  await reset.getByRole("button", { name: "Send reset link" }).click();
  await expect(reset.getByRole("heading", { name: "Check your email" })).toBeVisible();

  const mail = await mailTo(account.email, /^Reset your Switchboard password$/);
  expect(mail.html).toContain("Choose a new password");
  const link = linkIn(mail, "/reset-password");
  await reset.goto(link);
  await reset.getByLabel("New password").fill("an entirely new passphrase");
  await reset.getByRole("button", { name: "Set new password" }).click();
  await expect(reset).toHaveURL(/\/dashboard$/);

  // Both browsers signed in with the old password are signed out.
  for (const signedOut of [page, other]) {
    await signedOut.goto("/dashboard");
    await expect(signedOut).toHaveURL(/\/sign-in/);
  }
  // The old password no longer works; the new one does.
  await signIn(other, account.email, account.password);
  await expect(other.locator("form").getByRole("alert")).toHaveText("Invalid email or password");
  await signIn(other, account.email, "an entirely new passphrase");
  await expect(other).toHaveURL(/\/dashboard$/);

  // The link worked once.
  await reset.goto(link);
  await expect(reset.getByRole("heading", { name: "This reset link does not work" })).toBeVisible();
  await otherContext.close();
  await resetContext.close();
});
