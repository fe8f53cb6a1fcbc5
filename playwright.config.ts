import { existsSync } from "node:fs";
import { chromium, defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;
// The app's mail goes to a real SMTP server the specs start on this port (e2e/support/mailbox.ts).
const smtpPort = Number(process.env.E2E_SMTP_PORT ?? port + 500);

/** A Chromium from CHROMIUM_PATH, then Debian's, then Playwright's own download. */
function findChromium(): string {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", safeBundledPath()];
  const found = candidates.find((path): path is string => Boolean(path && existsSync(path)));
  if (!found) {
    throw new Error(
      "No Chromium found for the end-to-end tests. Install one (Debian/Ubuntu: `apt-get install -y chromium`; " +
        "elsewhere: `npx playwright install chromium`), or set CHROMIUM_PATH to a Chromium executable.",
    );
  }
  return found;
}

function safeBundledPath(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: findChromium(),
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: "npx tsx e2e/serve.ts",
    url: `${baseURL}/sign-in`,
    // Health charts and retention are rolled up and applied every 2 s instead of every minute.
    env: { PORT: String(port), ALLOW_PRIVATE_WEBHOOK_URLS: "true", SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, HOUSEKEEPING_MS: "2000" },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
