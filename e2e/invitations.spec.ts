/**
 * Invitations through the real UI with the mail received by a real SMTP server: an owner invites,
 * the invitee signs up from the mailed link and lands in the inviting organization with the
 * role (and no organization of their own); role changes ask first and say they were saved;
 * pending invitations are resent and revoked.
 */
import { expect, test } from "@playwright/test";
import { newAccount, signUpAndLand } from "./support/accounts";
import { closeMailbox, linkIn, mailbox, mailTo } from "./support/mailbox";

test.beforeAll(async () => {
  await mailbox();
});

test.afterAll(async () => {
  await closeMailbox();
});

test("invite → accept as a new user → lands in the inviting organization with the right role", async ({ page, browser }) => {
  const owner = await signUpAndLand(page, newAccount("owner"));
  await page.goto("/settings");
  const invitee = newAccount("invitee");
  invitee.name = "Ivy Invitee";
  await page.getByLabel("Email to invite").fill(invitee.email);
  await page.getByLabel("Role", { exact: true }).selectOption("ADMIN");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation sent to ${invitee.email} as Admin.` })).toBeVisible();
  const pending = page.getByRole("list", { name: "Pending invitations" });
  await expect(pending.getByRole("listitem")).toHaveCount(1);
  await expect(pending).toContainText(invitee.email);

  const mail = await mailTo(invitee.email, /^Join /);
  expect(mail.subject).toBe(`Join ${owner.organization} on Switchboard`);
  expect(mail.html).toContain("Accept the invitation");
  const link = linkIn(mail, "/invitations/accept");

  const inviteeContext = await browser.newContext();
  const inviteePage = await inviteeContext.newPage();
  await inviteePage.goto(link);
  await expect(inviteePage.getByRole("heading", { level: 1, name: `Join ${owner.organization}` })).toBeVisible();
  await expect(inviteePage.getByLabel("Email", { exact: true })).toHaveValue(invitee.email);
  await inviteePage.getByLabel("Name", { exact: true }).fill(invitee.name);
  await inviteePage.getByLabel("Password", { exact: true }).fill(invitee.password);
  await inviteePage.getByRole("button", { name: "Create account and join" }).click();
  await expect(inviteePage).toHaveURL(/\/dashboard$/);
  await expect(inviteePage.getByTestId("current-tenant")).toHaveText(owner.organization);

  // Exactly one organization, the inviting one, as Admin.
  const list = await inviteePage.request.get("/api/trpc/tenant.list");
  const { memberships } = ((await list.json()) as { result: { data: { json: { memberships: { tenantName: string; role: string }[] } } } }).result.data.json;
  expect(memberships).toEqual([expect.objectContaining({ tenantName: owner.organization, role: "ADMIN" })]);

  // The link was for one use.
  await inviteePage.goto(link);
  await expect(inviteePage.getByRole("heading", { level: 1, name: "This invitation link does not work" })).toBeVisible();

  // The owner sees the new member; the role change asks first, then says it was saved.
  await page.reload();
  await expect(page.getByRole("list", { name: "Members" })).toContainText(invitee.name);
  await expect(page.getByText("No pending invitations.")).toBeVisible();
  await page.getByLabel(`Role of ${invitee.name}`).selectOption("AGENT");
  const confirm = page.getByRole("dialog", { name: `Make ${invitee.name} Agent?` });
  await expect(confirm).toContainText("from Admin to Agent");
  await confirm.getByRole("button", { name: "Make Agent" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Saved: ${invitee.name} is now Agent.` })).toBeVisible();
  await expect(page.getByLabel(`Role of ${invitee.name}`)).toHaveValue("AGENT");

  // Cancel leaves the role as it is.
  await page.getByLabel(`Role of ${invitee.name}`).selectOption("VIEWER");
  await page.getByRole("dialog", { name: `Make ${invitee.name} Viewer?` }).getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByLabel(`Role of ${invitee.name}`)).toHaveValue("AGENT");
  await inviteeContext.close();
});

test("pending invitations are resent with a new link and revoked", async ({ page, browser }) => {
  await signUpAndLand(page, newAccount("owner"));
  await page.goto("/settings");
  const invitee = newAccount("later");
  await page.getByLabel("Email to invite").fill(invitee.email);
  await page.getByRole("button", { name: "Send invitation" }).click();
  const first = linkIn(await mailTo(invitee.email, /^Join /), "/invitations/accept");

  await page.getByRole("button", { name: `Resend the invitation to ${invitee.email}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `A new link was sent to ${invitee.email}; the old one no longer works.` })).toBeVisible();
  const second = linkIn(await mailTo(invitee.email, /^Join /, 2), "/invitations/accept");
  expect(second).not.toBe(first);

  await page.getByRole("button", { name: `Revoke the invitation to ${invitee.email}` }).click();
  await page.getByRole("dialog", { name: `Revoke the invitation to ${invitee.email}?` }).getByRole("button", { name: "Revoke invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: `The invitation to ${invitee.email} was revoked.` })).toBeVisible();
  await expect(page.getByText("No pending invitations.")).toBeVisible();

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  for (const link of [first, second]) {
    await otherPage.goto(link);
    await expect(otherPage.getByRole("heading", { level: 1, name: "This invitation link does not work" })).toBeVisible();
  }
  await other.close();
});
