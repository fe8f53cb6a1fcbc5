/**
 * Clickjacking protection, against the real server: every page refuses to be framed
 * (X-Frame-Options and CSP frame-ancestors 'none'), except the hosted web chat, whose
 * frame-ancestors are its channel's allowed origins, read afresh on every load.
 */
import { expect, test, type APIResponse, type Page } from "@playwright/test";
import { startReceiver, type Receiver } from "../src/test/receiver";
import { signUpAndLand } from "./support/accounts";
import { trpcMutation as trpc } from "./support/trpc";

const baseURL = `http://localhost:${process.env.E2E_PORT ?? 3100}`;

/** The sources of the response's CSP frame-ancestors directive (null without one). */
function frameAncestors(response: APIResponse | null): string[] | null {
  const csp = response?.headers()["content-security-policy"];
  const directive = csp
    ?.split(";")
    .map((part) => part.trim())
    .find((part) => part.toLowerCase().startsWith("frame-ancestors "));
  return directive ? directive.split(/\s+/).slice(1) : null;
}

/** Another site, on another origin, whose page frames the given URL. */
async function startFramingSite(frameUrl: string): Promise<{ server: Receiver; url: string }> {
  const server = await startReceiver({
    path: "/",
    reply: {
      status: 200,
      headers: { "content-type": "text/html" },
      body: `<!doctype html><title>Shop</title><h1>Shop</h1><iframe src="${frameUrl}" title="Framed" style="width:400px;height:600px"></iframe>`,
    },
  });
  return { server, url: server.origin };
}

/** Chromium shows its own error page in a frame whose document refused to be framed there. */
async function expectFrameRefused(page: Page) {
  const framed = () => page.frames().find((frame) => frame.parentFrame() === page.mainFrame());
  await expect.poll(() => framed()?.url()).toBe("chrome-error://chromewebdata/");
}

const stop = (server: Receiver) => server.close();

test("the sign-in page and the app's pages refuse to be framed", async ({ page }) => {
  const signIn = await page.goto("/sign-in");
  expect(signIn?.status()).toBe(200);
  expect(await signIn?.headerValue("x-frame-options")).toBe("DENY");
  expect(frameAncestors(await page.request.get("/sign-in"))).toEqual(["'none'"]);

  await signUpAndLand(page);
  for (const path of ["/dashboard", "/channels", "/settings", "/api/trpc/channel.list"]) {
    const response = await page.request.get(path);
    expect(response.headers()["x-frame-options"], path).toBe("DENY");
    expect(frameAncestors(response), path).toEqual(["'none'"]);
  }
});

test("a browser refuses to show the sign-in page inside another site", async ({ page }) => {
  const site = await startFramingSite(`${baseURL}/sign-in`);
  try {
    await page.goto(site.url);
    await expect(page.getByRole("heading", { name: "Shop" })).toBeVisible();
    await expectFrameRefused(page);
    await expect(page.frameLocator('iframe[title="Framed"]').getByLabel("Email", { exact: true })).toHaveCount(0);
  } finally {
    await stop(site.server);
  }
});

test("the hosted web chat may be framed by its allowed origins, as they are at each load", async ({ page, browser }) => {
  await signUpAndLand(page);
  const channel = await trpc<{ asset: { id: string } }>(page, "channel.create", { type: "WEB_CHAT", name: "Shop chat", allowedOrigins: ["https://shop.example"] });
  const chatPath = `/chat/${channel.asset.id}`;

  const first = await page.request.get(chatPath);
  expect(first.status()).toBe(200);
  expect(frameAncestors(first)).toEqual(["'self'", "https://shop.example"]);
  expect(first.headers()["x-frame-options"]).toBeUndefined();

  // A browser on a site that is not allowed gets no chat in its frame.
  const site = await startFramingSite(`${baseURL}${chatPath}`);
  const visitor = await browser.newContext();
  try {
    const shopPage = await visitor.newPage();
    await shopPage.goto(site.url);
    await expect(shopPage.getByRole("heading", { name: "Shop" })).toBeVisible();
    const chat = shopPage.frameLocator('iframe[title="Framed"]');
    await expectFrameRefused(shopPage);
    await expect(chat.getByText("Say hello to start")).toHaveCount(0);

    // Allowing that site takes effect on the next load: the policy is not cached.
    await trpc(page, "channel.update", { id: channel.asset.id, allowedOrigins: ["https://shop.example", site.url] });
    expect(frameAncestors(await page.request.get(chatPath))).toEqual(["'self'", "https://shop.example", site.url]);
    await shopPage.reload();
    await expect(chat.getByText("Say hello to start")).toBeVisible();

    // Another change, again visible at once; an empty list lets any site embed the chat.
    await trpc(page, "channel.update", { id: channel.asset.id, allowedOrigins: ["https://other.example"] });
    const changed = await page.request.get(chatPath);
    expect(frameAncestors(changed)).toEqual(["'self'", "https://other.example"]);
    await trpc(page, "channel.update", { id: channel.asset.id, allowedOrigins: [] });
    expect(frameAncestors(await page.request.get(chatPath))).toEqual(["'self'", "*"]);
  } finally {
    await visitor.close();
    await stop(site.server);
  }
});

test("an unknown chat gets a 404 and no framing policy of its own", async ({ page }) => {
  const response = await page.request.get("/chat/no-such-channel");
  expect(response.status()).toBe(404);
  expect(response.headers()["x-frame-options"]).toBeUndefined();
  expect(frameAncestors(response)).toBeNull();
});
