import { expect, type Page } from "@playwright/test";

export const uniqueSuffix = () => `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

export interface TestAccount {
  name: string;
  email: string;
  password: string;
  organization: string;
}

export function newAccount(label = "user"): TestAccount {
  const suffix = uniqueSuffix();
  return { name: `Test ${label}`, email: `${label}-${suffix}@example.com`, password: "correct horse battery", organization: `Org ${suffix}` };
}

/** Fills the sign-up form; does not wait for the outcome. */
export async function fillSignUp(page: Page, account: TestAccount) {
  await page.goto("/sign-up");
  await page.getByLabel("Name", { exact: true }).fill(account.name);
  await page.getByLabel("Email", { exact: true }).fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByLabel("Organization name", { exact: true }).fill(account.organization);
  await page.getByRole("button", { name: "Sign up" }).click();
}

/** A new owner of a new organization, signed in on the dashboard. */
export async function signUpAndLand(page: Page, account: TestAccount = newAccount()) {
  await fillSignUp(page, account);
  await expect(page).toHaveURL(/\/dashboard$/);
  return account;
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}
