import { expect, test } from "@playwright/test";
import { fillSignUp as signUp, uniqueSuffix as unique } from "./support/accounts";

test("sign up, see the organization, sign out, sign in again", async ({ page }) => {
  const account = { name: "Ada Lovelace", email: `ada-${unique()}@example.com`, password: "correct horse battery", organization: "Analytical Engines" };
  await signUp(page, account);

  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { level: 1, name: account.organization })).toBeVisible();
  await expect(page.getByTestId("current-tenant")).toHaveText(account.organization);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  await page.getByLabel("Email", { exact: true }).fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { level: 1, name: account.organization })).toBeVisible();
});

test("a wrong password says so without telling which field was wrong", async ({ page }) => {
  const account = { name: "Grace Hopper", email: `grace-${unique()}@example.com`, password: "a long enough password", organization: "Compilers Inc" };
  await signUp(page, account);
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  await page.getByLabel("Email", { exact: true }).fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Invalid email or password");
  await expect(page).toHaveURL(/\/sign-in/);

  await page.getByLabel("Email", { exact: true }).fill(`nobody-${unique()}@example.com`);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Invalid email or password");
});

test("sign-up shows each problem next to its field, and a taken email", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Email", { exact: true }).fill("not-an-email");
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByText("Enter your name")).toBeVisible();
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await expect(page.getByText("Password must be at least 8 characters")).toBeVisible();
  await expect(page.getByText("Organization name must be at least 2 characters")).toBeVisible();
  await expect(page).toHaveURL(/\/sign-up$/);

  const email = `taken-${unique()}@example.com`;
  await signUp(page, { name: "First", email, password: "password one", organization: "First Org" });
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  await signUp(page, { name: "Second", email: email.toUpperCase(), password: "password two", organization: "Second Org" });
  await expect(page.getByText("An account with this email already exists")).toBeVisible();
  await expect(page).toHaveURL(/\/sign-up$/);
});

test("the app shell offers every section and each page explains itself", async ({ page }) => {
  await signUp(page, { name: "Nav Tester", email: `nav-${unique()}@example.com`, password: "password nav", organization: "Nav Org" });
  await expect(page).toHaveURL(/\/dashboard$/);
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("button", { name: "Assets" }).click();
  await nav.getByRole("link", { name: "Integrations" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Integrations" })).toBeVisible();
  await nav.getByRole("button", { name: "Assets" }).click();
  await nav.getByRole("link", { name: "Channels" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Channels" })).toBeVisible();
  for (const section of ["Services", "Conversations", "Agent desk", "Settings"]) {
    await nav.getByRole("link", { name: section }).click();
    await expect(page.getByRole("heading", { level: 1, name: section })).toBeVisible();
  }
});
