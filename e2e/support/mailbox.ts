/**
 * The mail provider of the end-to-end tests: a real SMTP server on 127.0.0.1, on the port the
 * app's SMTP_URL names (playwright.config.ts), started by the spec that needs it.
 */
import { expect, type Page } from "@playwright/test";
import type { Role } from "../../src/server/tenancy/roles";
import { linkIn, startSmtpServer, type ReceivedMail, type TestSmtpServer } from "../../src/test/smtp-server";
import type { TestAccount } from "./accounts";

export const E2E_SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 500);

let server: Promise<TestSmtpServer> | null = null;

export function mailbox(): Promise<TestSmtpServer> {
  server ??= startSmtpServer(E2E_SMTP_PORT);
  return server;
}

export async function closeMailbox(): Promise<void> {
  const running = server;
  server = null;
  if (running) await (await running).close();
}

/** The newest mail to `to` whose subject matches, once it arrives. */
export async function mailTo(to: string, subject: RegExp, count = 1): Promise<ReceivedMail> {
  const mails = await (await mailbox()).waitForMails(count, (m) => m.to.includes(to) && subject.test(m.subject), 30_000);
  return mails[count - 1]!;
}

export { linkIn };

/**
 * The owner (signed in on `ownerPage`) invites the account's email with a role; the invitee opens
 * the mailed link on `inviteePage`, creates their account there and lands in the organization.
 */
export async function joinByInvitation(ownerPage: Page, inviteePage: Page, account: TestAccount, role: Role) {
  await mailbox();
  const response = await ownerPage.request.post("/api/trpc/member.invite", { data: { json: { email: account.email, role } } });
  expect(response.ok(), await response.text()).toBe(true);
  const link = linkIn(await mailTo(account.email, /^Join /), "/invitations/accept");
  await inviteePage.goto(link);
  await inviteePage.getByLabel("Name", { exact: true }).fill(account.name);
  await inviteePage.getByLabel("Password", { exact: true }).fill(account.password);
  await inviteePage.getByRole("button", { name: "Create account and join" }).click();
  await expect(inviteePage).toHaveURL(/\/dashboard$/);
}
