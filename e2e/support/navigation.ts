import { expect, type Page } from "@playwright/test";

export type Section = "Integrations" | "Channels" | "Services" | "Conversations" | "Agent desk" | "Settings";

/** Opens a section from the app shell's main navigation, as a person would (Assets is a menu). */
export async function openSection(page: Page, section: Section) {
  const nav = page.getByRole("navigation", { name: "Main" });
  if (section === "Integrations" || section === "Channels") {
    await nav.getByRole("button", { name: "Assets" }).click();
  }
  await nav.getByRole("link", { name: section }).click();
  await expect(page.getByRole("heading", { level: 1, name: section })).toBeVisible();
}
