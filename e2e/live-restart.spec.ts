/**
 * The web chat across a restart of its server, in Chromium. This test runs its own `next start`
 * (the same production build) on a database of its own, plus a second app process on that
 * database (src/test/route-server.ts). It stops the first while a visitor has the chat open; the
 * bot's next message is accepted by the second meanwhile; then the first starts again. The chat
 * must reconnect by itself and show what it missed, once, and be live again.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ensureLocalSecrets } from "../src/server/config/local-secrets";
import { startTestDatabase, type DatabaseHandle } from "../src/server/db/bootstrap";
import { startRouteProcess, type RouteProcess } from "../src/test/route-process";
import { setUpLiveTenant, startStandInBot, type StandInBot } from "./support/live-scene";

const port = Number(process.env.E2E_PORT ?? 3100) + 50;
const appUrl = `http://localhost:${port}`;

let database: DatabaseHandle;
let app: ChildProcess | undefined;
let other: RouteProcess;
let bot: StandInBot;

function startApp(): ChildProcess {
  return spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port)], {
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: database.url, NEXTAUTH_URL: appUrl, ALLOW_PRIVATE_WEBHOOK_URLS: "true", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function untilUp() {
  for (let i = 0; i < 240; i += 1) {
    try {
      if ((await fetch(`${appUrl}/sign-in`)).status < 500) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The app did not start on ${appUrl}`);
}

async function stopApp() {
  const child = app;
  app = undefined;
  if (!child || child.exitCode !== null) return;
  const started = Date.now();
  await new Promise<void>((resolve) => {
    // A graceful stop waits for open connections; a process manager would not wait for ever
    // either. Either way the chat must find the server gone and come back by itself.
    const kill = setTimeout(() => {
      console.warn(`[live-restart] next start still running ${(Date.now() - started) / 1000} s after SIGTERM: SIGKILL`);
      child.kill("SIGKILL");
    }, 10_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

test.beforeAll(async () => {
  ensureLocalSecrets();
  database = await startTestDatabase();
  bot = await startStandInBot();
  other = await startRouteProcess({ DATABASE_URL: database.url, ALLOW_PRIVATE_WEBHOOK_URLS: "true" });
  app = startApp();
  await untilUp();
});

test.afterAll(async () => {
  await stopApp();
  await other?.stop();
  await bot?.close();
  await database?.stop();
});

test("the chat survives the server restarting: it reconnects by itself and shows what it missed, once", async ({ browser }) => {
  test.setTimeout(150_000);
  const ownerContext = await browser.newContext({ baseURL: appUrl });
  bot.appUrl = appUrl;
  const { assetId } = await setUpLiveTenant(await ownerContext.newPage(), bot);
  await ownerContext.close();

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${appUrl}/chat/${assetId}`);
  const log = page.getByRole("log", { name: "Messages" });
  const input = page.getByLabel("Message", { exact: true });
  await input.fill("hello");
  await input.press("Enter");
  await expect(log.locator('[data-sender="BOT"]', { hasText: "Bot here: hello" })).toBeVisible({ timeout: 5_000 });

  // The chat's server goes away; meanwhile the other process accepts the bot's next message.
  await stopApp();
  await expect(page.getByText("Reconnecting…")).toBeVisible({ timeout: 15_000 });
  bot.appUrl = other.url;
  await bot.send({ eventid: "1001", conversation_id: bot.conversations[0], message: "written while you were away" });

  app = startApp();
  await untilUp();
  bot.appUrl = appUrl;
  await expect(log.locator('[data-sender="BOT"]', { hasText: "written while you were away" })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText("Reconnecting…")).toBeHidden({ timeout: 10_000 });
  await expect(log.locator('[data-sender="BOT"]', { hasText: "Bot here: hello" })).toHaveCount(1);
  await expect(log.locator('[data-sender="CUSTOMER"]', { hasText: "hello" })).toHaveCount(1);

  // And live again: the next reply arrives through the stream.
  await input.fill("after the restart");
  await input.press("Enter");
  await expect(log.locator('[data-sender="BOT"]', { hasText: "Bot here: after the restart" })).toBeVisible({ timeout: 5_000 });
  await expect(log.locator('[data-sender="BOT"]', { hasText: "written while you were away" })).toHaveCount(1);
  await context.close();
});
