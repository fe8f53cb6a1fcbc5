/**
 * `npm run dev` opened at http://127.0.0.1:PORT rather than the localhost it prints: its scripts
 * must load (allowedDevOrigins, next.config.js), so that sign-up runs in the page and posts, and
 * no password ever shows in a URL or in the server's log. The hosted chat works there too.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";
import { newAccount } from "./support/accounts";

const port = Number(process.env.E2E_DEV_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 1);
const origin = `http://127.0.0.1:${port}`;

let server: ChildProcess | undefined;
let log = "";

test.beforeAll(async () => {
  test.setTimeout(240_000);
  server = spawn(process.execPath, ["--import", "tsx", "e2e/serve-dev.ts"], {
    // The same NEXT_DIST_DIR as the production build the other specs use: `next dev` keeps its
    // files in its own dev/ folder there.
    env: { ...process.env, PORT: String(port), NODE_ENV: "development" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const collect = (chunk: Buffer) => (log += chunk.toString());
  server.stdout?.on("data", collect);
  server.stderr?.on("data", collect);
  const deadline = Date.now() + 200_000;
  while (!log.includes("Switchboard is ready")) {
    if (server.exitCode !== null || Date.now() > deadline) throw new Error(`The dev server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
});

test.afterAll(async () => {
  if (!server?.pid || server.exitCode !== null) return;
  const exited = new Promise((resolve) => server?.once("exit", resolve));
  process.kill(-server.pid, "SIGTERM"); // the process group this spec started: supervisor, Next.js, PostgreSQL
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
});

test("at 127.0.0.1 the dev server's pages run: sign-up posts, and no password is in any URL or log", async ({ page }) => {
  test.setTimeout(180_000);
  const account = newAccount("dev");
  const urls: string[] = [];
  page.on("request", (request) => urls.push(request.url()));

  await page.goto(`${origin}/sign-up`);
  await expect(page.locator("form")).toHaveAttribute("method", "post");
  await page.getByLabel("Name", { exact: true }).fill(account.name);
  await page.getByLabel("Email", { exact: true }).fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByLabel("Organization name", { exact: true }).fill(account.organization);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page).toHaveURL(`${origin}/dashboard`, { timeout: 60_000 });
  await expect(page.getByRole("heading", { level: 1, name: account.organization })).toBeVisible();

  // The hosted chat, at the same origin: its scripts run and it reaches the visitor API.
  const created = await page.request.post(`${origin}/api/trpc/channel.create`, { data: { json: { type: "WEB_CHAT", name: "Dev chat", allowedOrigins: [] } } });
  expect(created.ok(), await created.text()).toBe(true);
  const assetId = ((await created.json()) as { result: { data: { json: { asset: { id: string } } } } }).result.data.json.asset.id;
  await page.goto(`${origin}/chat/${assetId}`);
  await expect(page.getByText("Say hello to start")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByLabel("Message", { exact: true })).toBeEnabled();

  const secrets = [account.password, encodeURIComponent(account.password), account.password.replaceAll(" ", "+")];
  for (const url of urls) for (const secret of secrets) expect(url).not.toContain(secret);
  for (const secret of secrets) expect(log).not.toContain(secret);
  expect(log).not.toContain("Blocked cross-origin request");
});
