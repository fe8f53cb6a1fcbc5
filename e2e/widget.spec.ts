/**
 * The web chat widget: its look set on the channel page (title, greeting, accent colour,
 * initials, launcher corner) shows on the hosted page and in the launcher the one-line embed
 * script adds to another site. Two sites on 127.0.0.1 (other origins than the app's localhost)
 * paste the script: the one in the channel's allowed origins gets the launcher and the chat in an
 * iframe; the other gets nothing (the script says why in the console), nor does its iframe show.
 */
import { expect, test } from "@playwright/test";
import { startReceiver, type Receiver } from "../src/test/receiver";
import { signUpAndLand } from "./support/accounts";
import { trpcMutation as trpc } from "./support/trpc";

const baseURL = `http://localhost:${process.env.E2E_PORT ?? 3100}`;
const LIVE = { timeout: 10_000 };

/** A shop's site on its own origin; its page is whatever `body()` returns at the time. */
async function startSite(body: () => string): Promise<{ server: Receiver; origin: string }> {
  const server = await startReceiver({
    path: "/",
    reply: () => ({
      status: 200,
      headers: { "content-type": "text/html; charset=utf-8" },
      body: `<!doctype html><html><head><title>Shop</title></head><body><h1>Shop</h1>${body()}</body></html>`,
    }),
  });
  return { server, origin: server.origin };
}

const stop = (server: Receiver) => server.close();

let script = "";
let iframe = "";

test("the widget's look applies to the hosted page and the embed's launcher, on an allowed site only", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const allowed = await startSite(() => script);
  const other = await startSite(() => script + iframe);
  try {
    await signUpAndLand(page);
    const { asset } = await trpc<{ asset: { id: string } }>(page, "channel.create", { type: "WEB_CHAT", name: "Shop chat", allowedOrigins: [allowed.origin] });

    // The channel page: the one-line script, the iframe option, and the widget's settings.
    await page.goto(`/channels/${asset.id}`);
    script = (await page.getByTestId("embed-script").textContent())!;
    expect(script).toBe(`<script src="${baseURL}/widget.js" data-switchboard-chat="${asset.id}" async></script>`);
    await page.getByText("Or show the chat inline, in an iframe").click();
    iframe = (await page.getByTestId("embed-snippet").textContent())!;
    const widget = page.getByRole("form", { name: "Chat widget" });
    await widget.getByLabel("Title").fill("Acme help");
    await widget.getByLabel("Greeting").fill("Hi! Ask us about your order.");
    await widget.getByLabel("Accent colour", { exact: true }).fill("#0f766e");
    await widget.getByLabel("Avatar initials").fill("AC");
    await widget.getByLabel("Launcher position").selectOption({ label: "Bottom left" });
    await widget.getByRole("button", { name: "Save widget" }).click();
    await expect(widget.getByRole("status")).toContainText("Saved");
    // A bad colour is refused next to its field.
    await widget.getByLabel("Accent colour", { exact: true }).fill("teal");
    await widget.getByRole("button", { name: "Save widget" }).click();
    await expect(widget.getByRole("alert")).toContainText("hex colour");
    await page.reload();
    await expect(page.getByRole("form", { name: "Chat widget" }).getByLabel("Accent colour", { exact: true })).toHaveValue("#0f766e");

    // The hosted page wears it.
    const hosted = await browser.newPage();
    await hosted.goto(`${baseURL}/chat/${asset.id}`);
    await expect(hosted.getByRole("heading", { level: 1, name: "Acme help" })).toBeVisible();
    await expect(hosted.getByTestId("chat-avatar")).toHaveText("AC");
    await expect(hosted.getByTestId("chat-greeting")).toHaveText("Hi! Ask us about your order.");
    await expect(hosted.getByRole("button", { name: "Send" })).toHaveCSS("background-color", "rgb(15, 118, 110)");
    await hosted.close();

    // The allowed site: a launcher in the bottom-left corner, the chat in an iframe on click.
    const shop = await browser.newPage();
    await shop.goto(allowed.origin);
    const launcher = shop.getByRole("button", { name: "Open chat: Acme help" });
    await expect(launcher).toBeVisible(LIVE);
    await expect(launcher).toHaveText("AC");
    await expect(launcher).toHaveCSS("background-color", "rgb(15, 118, 110)");
    const box = (await launcher.boundingBox())!;
    expect(box.x).toBeLessThan((shop.viewportSize()!.width) / 2);
    await expect(shop.locator('iframe[title="Chat: Acme help"]')).toHaveCount(0); // nothing loaded until opened
    await launcher.click();
    const framed = shop.frameLocator('iframe[title="Chat: Acme help"]');
    await expect(framed.getByRole("heading", { level: 1, name: "Acme help" })).toBeVisible(LIVE);
    await expect(framed.getByTestId("chat-greeting")).toBeVisible();
    // The chat works inside the frame (no rule yet: the message is kept and the visitor told so).
    const input = framed.getByLabel("Message", { exact: true });
    await input.fill("hello from the shop");
    await input.press("Enter");
    await expect(framed.getByRole("log", { name: "Messages" }).locator('[data-sender="CUSTOMER"]', { hasText: "hello from the shop" })).toContainText(
      "Nobody is set up to answer this chat yet",
      LIVE,
    );
    await shop.getByRole("button", { name: "Close chat: Acme help" }).click();
    await expect(shop.locator('iframe[title="Chat: Acme help"]')).toBeHidden();
    await shop.close();

    // A site that is not allowed: no launcher (the console says why), and its iframe is refused.
    const stranger = await browser.newPage();
    const warned = stranger.waitForEvent("console", { predicate: (message) => message.text().includes("Switchboard chat: not shown here"), timeout: 10_000 });
    await stranger.goto(other.origin);
    await warned;
    await expect(stranger.getByRole("button", { name: /Open chat/ })).toHaveCount(0);
    await expect.poll(() => stranger.frames().find((frame) => frame.parentFrame() === stranger.mainFrame())?.url(), LIVE).toBe("chrome-error://chromewebdata/");
    await stranger.close();
  } finally {
    await Promise.all([stop(allowed.server), stop(other.server)]);
  }
});
