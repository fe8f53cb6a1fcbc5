/** Settings › System as a new organization's owner sees it: the runner in use and nothing waiting. */
import { expect, test } from "@playwright/test";
import { signUpAndLand } from "./support/accounts";
import { openSection } from "./support/navigation";

test("a new owner opens the System page: the embedded runner, zero pending, held and failed deliveries, no due retry", async ({ page }) => {
  await signUpAndLand(page);
  await openSection(page, "Settings");
  const system = page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "System" });
  await system.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/settings\/system$/);
  await expect(page.getByRole("heading", { level: 1, name: "System" })).toBeVisible();
  await expect(system).toHaveAttribute("aria-current", "page");

  // No Inngest is configured for the app under test (e2e/serve.ts).
  await expect(page.getByTestId("system-runner")).toHaveText("In use: Embedded runner");
  await expect(page.getByText("each app process runs the retries, deactivations and releases itself")).toBeVisible();
  for (const state of ["PENDING", "HELD", "FAILED"]) await expect(page.getByTestId(`count-${state}`)).toHaveText("0");
  await expect(page.getByRole("link", { name: /See their conversations/ })).toHaveCount(0);
  await expect(page.getByTestId("oldest-due-retry")).toHaveText("None: no delivery is waiting for a retry.");

  // On a phone the page's content fits the screen's width (the app shell's header is not this page's).
  await page.setViewportSize({ width: 375, height: 740 });
  await expect(page.getByTestId("system-runner")).toBeVisible();
  const widest = await page.evaluate(() => Math.max(...[...document.querySelectorAll("main *")].map((el) => el.getBoundingClientRect().right)));
  expect(widest).toBeLessThanOrEqual(375);
});
