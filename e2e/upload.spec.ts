import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { DEFAULT_END, generateExtracts } from "../etl/generate/generate-extracts";
import { screenshot } from "./helpers";
import { signIn } from "./users";

/*
 * Uploads through the page against a server of its own, started on an empty database, so the
 * dashboard visibly goes from no data to the real extracts (the shared e2e server already holds
 * them, and the other specs rely on that). It reuses the production build the shared server made.
 * UPLOAD_E2E_URL points the spec at a server you started yourself instead (on an empty database,
 * with the admin below). Its admin is made with the users CLI before the server starts, and signs
 * in once through the page; the tests reuse that browser state.
 */

const extracts = path.resolve(process.cwd(), "..", "shared", "extracts");
const realFiles = ["accounts.csv", "skus.csv", "invoices.csv", "invoice_line_items.csv"].map((f) => path.join(extracts, f));
const port = Number(process.env.E2E_UPLOAD_PORT ?? 3212);
const baseURL = process.env.UPLOAD_E2E_URL ?? `http://127.0.0.1:${port}`;
let server: ChildProcess | undefined;
const admin = { email: "uploader@example.com", password: "e2e-password-uploader", name: "E2E Uploader" };
const authState = path.join("test-results", "e2e-auth", "upload-admin.json");
test.use({ storageState: authState });

test.describe.configure({ mode: "serial" });
test.setTimeout(120_000);

test.beforeAll(async ({ browser }) => {
  if (!process.env.UPLOAD_E2E_URL) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pi-e2e-upload-"));
    const env = { ...process.env, DATABASE_PATH: path.join(dir, "app.db"), BETTER_AUTH_URL: baseURL };
    execFileSync("npx", ["tsx", "etl/users/cli.ts", "create-admin", admin.email, "--password", admin.password, "--name", admin.name], { env, stdio: "ignore" });
    server = spawn("npx", ["next", "start", "-p", String(port)], { env, stdio: "ignore", detached: true });
    const started = Date.now();
    for (;;) {
      try {
        if ((await fetch(`${baseURL}/api/health`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() - started > 90_000) throw new Error("the upload e2e server did not start");
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  // A context of its own: the shared server's session cookie (same host, another port) means nothing here.
  const context = await browser.newContext({ storageState: undefined });
  const page = await context.newPage();
  await signIn(page, admin.email, admin.password, baseURL);
  await context.storageState({ path: authState });
  await context.close();
});

test.afterAll(() => {
  // Its own process group: npx, next and any import worker go together.
  if (server?.pid) process.kill(-server.pid, "SIGTERM");
});

async function throttleUploads(page: Page, bytesPerSecond: number) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: bytesPerSecond });
  return () => cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
}

/**
 * Opens the upload page and waits until React has hydrated the file input: files set before
 * that fire a change event nobody handles, and the chosen-file list never appears (flaky in CI).
 */
async function openUploadPage(page: Page) {
  await page.goto(`${baseURL}/upload`);
  await page.waitForFunction(() => {
    const input = document.querySelector('input[type="file"]');
    return input !== null && Object.keys(input).some((key) => key.startsWith("__reactProps"));
  });
}

async function dashboardState(page: Page, { withData }: { withData: boolean }, path = "/") {
  await page.goto(`${baseURL}${path}`);
  const status = await page.getByTestId("data-status").innerText();
  const rows = page.locator("main table tbody tr");
  // The list streams in after the page's header: read it only once it is there.
  if (withData) await expect(rows.first()).toBeVisible();
  const firstRows = await rows.evaluateAll((all) => all.slice(0, 5).map((r) => (r as HTMLElement).innerText));
  return { status, firstRows };
}

test("uploads the real extracts through the page, shows progress and the result, and the dashboard shows the new data", async ({ page }) => {
  const before = await dashboardState(page, { withData: false });
  expect(before.status).toMatch(/Last import never/);

  await openUploadPage(page);
  await expect(page.getByRole("heading", { name: "Upload extracts" })).toBeVisible();
  await page.getByLabel("Choose files…").setInputFiles(realFiles);
  const chosen = page.getByTestId("chosen-file");
  await expect(chosen).toHaveCount(4);
  for (const kind of ["accounts", "skus", "invoices", "invoice_line_items"]) {
    await expect(chosen.getByText(`${kind} extract`, { exact: true })).toBeVisible();
  }
  // A preview of the first rows, parsed in the browser (addresses hold newlines).
  await expect(chosen.first().getByRole("table")).toContainText("company_address");
  await screenshot(page, "upload-chosen");

  // Slow the upload down so the byte progress bar can be seen at work.
  const unthrottle = await throttleUploads(page, 600 * 1024);
  await page.getByRole("button", { name: "Upload and merge" }).click();
  const sending = page.getByTestId("upload-progress");
  await expect(sending.getByRole("progressbar", { name: "Uploading" })).toBeVisible();
  await expect(sending).toContainText(/ of 1\.\d MB sent/);
  await screenshot(page, "upload-progress");

  await page.waitForURL(/\/upload\/[a-z0-9]+-[a-f0-9]+$/);
  await unthrottle();
  const jobUrl = page.url();
  // The import itself takes a second or two; catch its progress when the poll shows it.
  if (await page.getByTestId("job-progress").isVisible()) await screenshot(page, "import-progress");

  await expect(page.getByRole("heading", { name: /^Imported/ })).toBeVisible({ timeout: 60_000 });
  const files = page.getByTestId("import-file");
  await expect(files).toHaveCount(4);
  await expect(files.filter({ hasText: "invoice_line_items.csv" })).toContainText("53,481");
  await expect(files.filter({ hasText: "invoices.csv" }).locator("code")).toHaveText(/^[0-9a-f]{64}$/);
  await expect(page.getByTestId("quality-summary")).toContainText("No rows were rejected.");
  // The uploader is the signed-in user, taken from the session on the server.
  await expect(page.getByText(`${admin.name} <${admin.email}> (browser upload)`)).toBeVisible();
  await screenshot(page, "upload-result");

  // A reload shows the same finished job: its state lives on the server.
  await page.goto(jobUrl);
  await expect(page.getByRole("heading", { name: /^Imported/ })).toBeVisible();

  // The real extracts are fully paid: their as-of date is the last payment, and nothing is open then.
  const after = await dashboardState(page, { withData: false });
  expect(after.status).toMatch(/Data as of Jul 8, 2021 · last invoice May 12, 2021/);
  await expect(page.getByText("Nothing is open on Jul 8, 2021")).toBeVisible();
  await expect(page.locator("main table")).toHaveCount(0);
  await screenshot(page, "outreach-nothing-open");
  await page.getByRole("link", { name: "See the list on Jul 7, 2021" }).click();
  await expect(page).toHaveURL(/asOf=2021-07-07/);
  await expect(page.locator("main table tbody tr").first()).toBeVisible();
  const earlier = await dashboardState(page, { withData: true }, "/?asOf=2021-07-07");
  expect(earlier.firstRows.length).toBeGreaterThan(0);
  expect(earlier.firstRows).not.toEqual(before.firstRows);
});

test("says the files were already imported when the same files come again", async ({ page }) => {
  await openUploadPage(page);
  await page.getByLabel("Choose files…").setInputFiles(realFiles.slice(0, 2));
  await expect(page.getByTestId("chosen-file")).toHaveCount(2);
  await page.getByRole("button", { name: "Upload and merge" }).click();
  await expect(page.getByRole("heading", { name: "Already imported: nothing changed" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("job-notice")).toContainText("All 2 files were already imported (import #1)");
});

test("refuses a broken file with its line number and leaves the dashboard unchanged", async ({ page }) => {
  // A date with open invoices: at the real extracts' as-of date every invoice is paid.
  const before = await dashboardState(page, { withData: true }, "/?asOf=2021-05-12");

  // An unterminated quote deep in the file: the browser's look at the first rows cannot see it.
  const text = fs.readFileSync(path.join(extracts, "invoices.csv"), "utf8").split("\n");
  text[4999] = `${text[4999]!.split(",")[0]},1,"2021-01-01,`;
  await openUploadPage(page);
  await page.getByLabel("Choose files…").setInputFiles({ name: "invoices-broken.csv", mimeType: "text/csv", buffer: Buffer.from(text.join("\n")) });
  await expect(page.getByTestId("chosen-file").getByText("invoices extract", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Upload and merge" }).click();

  await expect(page.getByRole("heading", { name: /^Refused/ })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("import-error")).toContainText("invoices-broken.csv line 5000: a quoted field is never closed");
  await screenshot(page, "upload-refused");

  const after = await dashboardState(page, { withData: true }, "/?asOf=2021-05-12");
  expect(after.firstRows).toEqual(before.firstRows);
  expect(after.status.split("·")[0]).toBe(before.status.split("·")[0]);
  // The header does say the last import attempt was refused.
  expect(after.status).toMatch(/\(refused\)$/);
});

test("refuses an image or a spreadsheet in the browser with a plain message", async ({ page }) => {
  await openUploadPage(page);
  await page.getByLabel("Choose files…").setInputFiles([
    { name: "photo.csv", mimeType: "text/csv", buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) },
    { name: "accounts.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: Buffer.from("PK\u0003\u0004\u0014\u0000\u0006\u0000") },
    { name: "accounts-latin1.csv", mimeType: "text/csv", buffer: Buffer.from("account_id,company_name,company_address,contact_person,contact_phone,gender,joining_date\n1,Caf\u00e9 Ren\u00e9,x,Ann,1,F,2020-01-01\n", "latin1") },
  ]);
  const chosen = page.getByTestId("chosen-file");
  await expect(chosen.filter({ hasText: "photo.csv" })).toContainText("This is a PNG image, not a CSV file.");
  await expect(chosen.filter({ hasText: "accounts.xlsx" })).toContainText("This is a spreadsheet (.xlsx) or a ZIP archive, not a CSV file.");
  await expect(chosen.filter({ hasText: "accounts-latin1.csv" })).toContainText("Line 2 is not UTF-8 text; the file looks like Latin-1");
  await expect(page.getByRole("button", { name: "Upload and merge" })).toBeDisabled();
  await screenshot(page, "upload-refused-in-browser");
});

test("works in a browser profile that blocks localStorage", async ({ page }) => {
  // As a locked-down profile does: every touch of window.localStorage throws.
  await page.addInitScript(() => {
    Object.defineProperty(window, "localStorage", {
      get() {
        throw new DOMException("The operation is insecure.", "SecurityError");
      },
    });
  });
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await openUploadPage(page);
  await page.getByLabel("Choose files…").setInputFiles([
    { name: "photo.csv", mimeType: "text/csv", buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) },
  ]);
  await expect(page.getByTestId("chosen-file")).toContainText("This is a PNG image, not a CSV file.");
  await expect(page.getByText("Something went wrong")).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("asks for confirmation before a full replace", async ({ page }) => {
  await openUploadPage(page);
  await page.getByLabel("Choose files…").setInputFiles(realFiles[1]!);
  await page.getByLabel(/Full replace/).check();
  await page.getByRole("button", { name: "Upload and replace…" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("Replace the stored skus data?");
  await screenshot(page, "upload-replace-confirm");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
});

test("lists imports in the history and shows an import's rejected rows with a CSV download", async ({ page }) => {
  // Three bad rows of 9,685 stay under the 1% reject limit: accepted, with rejects to look at.
  const lines = fs.readFileSync(path.join(extracts, "invoices.csv"), "utf8").split("\n");
  for (const [i, bad] of [
    [10, "not-a-date"],
    [20, "2021-13-01"],
    [30, "=cmd|' /C calc'!A0"],
  ] as const) {
    const f = lines[i]!.split(",");
    lines[i] = [f[0], f[1], bad.includes(",") ? `"${bad}"` : bad, f[3]].join(",");
  }
  await openUploadPage(page);
  await page.getByLabel("Choose files…").setInputFiles({ name: "invoices.csv", mimeType: "text/csv", buffer: Buffer.from(lines.join("\n")) });
  await page.getByRole("button", { name: "Upload and merge" }).click();
  await expect(page.getByRole("heading", { name: /^Imported/ })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("reject-reasons")).toContainText("date_issued");

  await page.goto(`${baseURL}/imports`);
  await expect(page.getByRole("table", { name: "Imports, newest first" }).locator("tbody tr")).toHaveCount(3);
  await screenshot(page, "imports-history");
  await page.getByRole("table", { name: "Imports, newest first" }).getByRole("link").first().click();
  const rejects = page.getByRole("table", { name: "Rejected rows", exact: true }).locator("tbody tr");
  await expect(rejects).toHaveCount(3);
  await expect(rejects.first()).toContainText("11");
  await screenshot(page, "import-detail");

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const csv = fs.readFileSync(await (await download).path(), "utf8");
  expect(csv.split("\n")[0]).toBe("file,line,column,value,reason");
  // A value that a spreadsheet would run as a formula stays text.
  expect(csv).toContain(`invoices.csv,31,date_issued,'=cmd|' /C calc'!A0,`);
});

test("keeps showing an import's progress after a reload while the import runs", async ({ page }) => {
  test.setTimeout(300_000);
  // Generated extracts ten times the real size, so the import lasts long enough to reload in.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pi-e2e-scale10-"));
  await generateExtracts({ outDir: dir, scale: 10, seed: 3, end: DEFAULT_END });
  await openUploadPage(page);
  await page.getByLabel("Choose files…").setInputFiles(["accounts.csv", "skus.csv", "invoices.csv", "invoice_line_items.csv"].map((f) => path.join(dir, f)));
  await page.getByRole("button", { name: "Upload and merge" }).click();
  await page.waitForURL(/\/upload\/[a-z0-9]+-[a-f0-9]+$/);
  const progress = page.getByTestId("job-progress");
  await expect(progress).toContainText("Reading and checking rows", { timeout: 30_000 });

  await page.reload();
  await expect(progress).toBeVisible();
  await expect(progress).toContainText(/Reading and checking rows|Checking the reject limit|Merging|Rebuilding the dashboard tables/);
  await screenshot(page, "import-progress-after-reload");

  await expect(page.getByRole("heading", { name: /^Imported/ })).toBeVisible({ timeout: 180_000 });
  await expect(page.getByTestId("import-file").filter({ hasText: "invoice_line_items.csv" })).toContainText(/5\d\d,\d{3}/);
  fs.rmSync(dir, { recursive: true, force: true });
});
