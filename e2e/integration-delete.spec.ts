/**
 * Deleting an integration from its page: "Delete" keeps its history (it says so); an owner's
 * "Delete with history" opens a second confirmation naming what it removes.
 */
import { expect, test, type Page } from "@playwright/test";
import { signUpAndLand } from "./support/accounts";

async function addDesk(page: Page, name: string) {
  await page.goto("/integrations");
  await page.getByRole("button", { name: "Add Integration" }).click();
  await page.getByRole("link", { name: /^CCSP/ }).click();
  await page.getByRole("radio", { name: "Built-in agent desk" }).check();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Integration name").fill(name);
  await page.getByLabel("Integration name").press("Enter");
  await expect(page).toHaveURL(/\/integrations\/[^/]+$/);
}

test("Delete keeps the history; an owner's Delete with history confirms the counts first", async ({ page }) => {
  await signUpAndLand(page);
  await addDesk(page, "Old desk");

  await page.getByRole("button", { name: "Delete", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Delete Old desk?" });
  await expect(dialog).toContainText("kept for the inspector");
  await expect(dialog).toContainText('"(deleted integration)"');
  await dialog.getByRole("button", { name: "Delete with history…" }).click();

  const purge = page.getByRole("dialog", { name: "Delete Old desk with its history?" });
  await expect(purge.getByTestId("history-counts")).toContainText("0 conversations, 0 messages and 0 deliveries");
  await purge.getByRole("button", { name: "Cancel" }).click();
  await expect(purge).toBeHidden();

  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await dialog.getByRole("button", { name: "Delete with history…" }).click();
  await purge.getByRole("button", { name: "Delete with history" }).click();
  await expect(page).toHaveURL(/\/integrations$/);
  await expect(page.getByText("Old desk")).toHaveCount(0);

  // The plain Delete of another one: it leaves the list too.
  await addDesk(page, "Second desk");
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await page.getByRole("dialog", { name: "Delete Second desk?" }).getByRole("button", { name: "Delete integration" }).click();
  await expect(page).toHaveURL(/\/integrations$/);
  await expect(page.getByText("Second desk")).toHaveCount(0);
});
