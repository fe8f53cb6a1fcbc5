/**
 * Sessions and redirects as a browser meets them: signing out ends the session on the server (a
 * cookie copied before still fails), "Sign out of all devices" ends the others, and /sign-in's
 * callbackUrl never leads to another origin.
 */
import { expect, test, type Browser } from "@playwright/test";
import { signIn, signUpAndLand } from "./support/accounts";

async function withCookiesOf(browser: Browser, cookies: Awaited<ReturnType<import("@playwright/test").BrowserContext["cookies"]>>) {
  const context = await browser.newContext();
  await context.addCookies(cookies);
  return context;
}

test("a session cookie copied before sign-out no longer signs anyone in", async ({ page, browser }) => {
  await signUpAndLand(page);
  const copied = await page.context().cookies();
  expect(copied.some((c) => c.name === "next-auth.session-token")).toBe(true);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  const thief = await withCookiesOf(browser, copied);
  try {
    const stolen = await thief.newPage();
    await stolen.goto("/dashboard");
    await expect(stolen).toHaveURL(/\/sign-in$/);
    expect((await stolen.request.get("/api/trpc/account.me")).status()).toBe(401);
  } finally {
    await thief.close();
  }
});

test("Sign out of all devices ends the sessions of other browsers too", async ({ page, browser }) => {
  const account = await signUpAndLand(page);
  const other = await browser.newContext();
  try {
    const phone = await other.newPage();
    await signIn(phone, account.email, account.password);
    await expect(phone).toHaveURL(/\/dashboard$/);

    await page.goto("/settings");
    await page.getByRole("button", { name: "Sign out of all devices" }).click();
    await expect(page).toHaveURL(/\/sign-in/);

    await phone.reload();
    await expect(phone).toHaveURL(/\/sign-in$/);
  } finally {
    await other.close();
  }
});

test("after sign-in, callbackUrl leads only to a path on this site", async ({ page }) => {
  const account = await signUpAndLand(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  const origin = new URL(page.url()).origin;

  for (const hostile of ["//evil.invalid/x", "/\\evil.invalid", "https://evil.invalid/x"]) {
    await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(hostile)}`);
    await page.getByLabel("Email", { exact: true }).fill(account.email);
    await page.getByLabel("Password", { exact: true }).fill(account.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page, hostile).toHaveURL(`${origin}/dashboard`);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
  }

  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent("/settings")}`);
  await page.getByLabel("Email", { exact: true }).fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${origin}/settings`);
});
