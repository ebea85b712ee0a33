import { defineConfig, devices } from "@playwright/test";
import { e2eCdcToken } from "./e2e/cdc-token";
import { storageStateFor } from "./e2e/users";

/*
 * End-to-end tests in Debian's Chromium (browser downloads are impossible here; run
 * e2e/ensure-chromium.sh first). The web server builds a fresh database from the real
 * extracts in a temp directory and serves a production build of the app. The specs run signed in
 * as the admin unless they choose another role (e2e/auth.setup.ts signs each role in first).
 */
const port = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    acceptDownloads: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-background-networking"],
    },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    {
      name: "desktop",
      use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 900 }, storageState: storageStateFor("admin") },
      testIgnore: /tablet\.spec\.ts/,
      dependencies: ["setup"],
    },
    // The branch counter's tablet, held upright.
    {
      name: "tablet",
      use: { viewport: { width: 820, height: 1180 }, hasTouch: true, isMobile: false, storageState: storageStateFor("admin") },
      testMatch: /tablet\.spec\.ts/,
      dependencies: ["setup"],
    },
  ],
  webServer: {
    command: "bash e2e/start-server.sh",
    url: `${baseURL}/api/health`,
    env: { E2E_PORT: String(port), CDC_TOKEN: e2eCdcToken },
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});
