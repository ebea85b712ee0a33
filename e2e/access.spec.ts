import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations, screenshot } from "./helpers";
import { signIn, storageStateFor } from "./users";

/* Signing in, roles and the Origin rule, in Chromium against the shared e2e server. */

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("is sent to the sign-in page, which remembers where they were going and passes axe", async ({ page, request }) => {
    await page.goto("/trends?region=West");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Ftrends%3Fregion%3DWest$/);
    await expect(page.getByRole("heading", { name: "Sign in to Payment Insights" })).toBeVisible();
    // No navigation and no data status before signing in.
    await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
    await expect(page.getByTestId("data-status")).toHaveCount(0);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, "sign-in");

    const api = await request.get("/api/uploads");
    expect(api.status()).toBe(401);
    expect((await request.get("/outreach/export")).status()).toBe(401);
    // Open to everyone, with the change-event consumer's lag and nothing else of it.
    const health = await (await request.get("/api/health")).json();
    expect(health.status).toBe("ok");
    expect(Object.keys(health.cdc).sort()).toEqual(["lagMs", "lastEventAt"]);
  });
});

test.describe("staff", () => {
  test.use({ storageState: storageStateFor("staff") });

  test("sees the outreach list but gets 'not allowed' on the upload page, and no link to it", async ({ page, request }) => {
    await page.goto("/");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Outreach" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Upload" })).toHaveCount(0);
    await expect(nav.getByRole("link", { name: "Trends" })).toHaveCount(0);

    const response = await page.goto("/upload");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
    await screenshot(page, "staff-not-allowed");
    expect((await request.get("/api/uploads")).status()).toBe(403);
    expect((await request.get("/outreach/export")).status()).toBe(200);
  });
});

test("an admin creates a user, who then signs in with the role and region given", async ({ page, browser }) => {
  await page.goto("/admin/users");
  await expect(page.getByRole("heading", { name: "Users", exact: true })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  const form = page.getByRole("form", { name: "Create a user" });

  // A bad form: errors beside the fields, and nobody created.
  const rowsBefore = await page.getByTestId("user-row").count();
  await form.getByLabel("Email").fill("not-an-email");
  await form.getByLabel("Password").fill("short");
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(form.getByText("An email address, like name@example.com")).toBeVisible();
  await expect(form.getByText("At least 10 characters")).toBeVisible();
  await expect(form.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await page.reload();
  await expect(page.getByTestId("user-row")).toHaveCount(rowsBefore);

  await form.getByLabel("Name").fill("Wren Newcomer");
  await form.getByLabel("Email").fill("wren@example.com");
  await form.getByLabel("Password").fill("wren-password-1");
  await form.getByLabel("Role").selectOption("manager");
  await form.getByLabel("Region").selectOption("Midwest");
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(form.getByRole("status")).toContainText("Created wren@example.com (manager, Midwest).");
  await expect(page.getByTestId("user-row").filter({ hasText: "wren@example.com" })).toContainText("manager · Midwest");
  await screenshot(page, "admin-users");

  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const newcomer = await context.newPage();
  await signIn(newcomer, "wren@example.com", "wren-password-1");
  await expect(newcomer.getByTestId("signed-in-user")).toContainText("Wren Newcomer (manager)");
  await newcomer.goto("/trends");
  await expect(newcomer.getByRole("heading", { name: "Not allowed" })).toHaveCount(0);
  await context.close();
});

test("an upload posted from a page on another origin imports nothing, though the browser sends the admin's cookie", async ({ page, request, baseURL }) => {
  // A pass-through in front of the dashboard, on the same host, so the test sees exactly what the
  // browser sent (Playwright's own view of a no-cors upload's headers leaves the cookie out).
  const app = new URL(baseURL!);
  const seen: { cookie?: string; origin?: string; status?: number }[] = [];
  const relay = http.createServer((req, res) => {
    const forwarded = http.request({ host: app.hostname, port: app.port, path: req.url, method: req.method, headers: { ...req.headers, host: app.host } }, (answer) => {
      seen.push({ cookie: req.headers.cookie, origin: req.headers.origin, status: answer.statusCode });
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
  const target = `http://127.0.0.1:${(relay.address() as AddressInfo).port}/api/uploads`;
  // A page that posts a real extract with no-cors, as a hostile site could.
  const evil = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(`<!doctype html><title>elsewhere</title><script>
      const form = new FormData();
      form.append("mode", "merge");
      form.append("files", new Blob(["account_id,company_name,company_address,contact_person,contact_phone,gender,joining_date\\n999999,Evil Co,x,Eve,1,F,2020-01-01\\n"], { type: "text/csv" }), "accounts.csv");
      fetch(${JSON.stringify(target)}, { method: "POST", mode: "no-cors", credentials: "include", body: form })
        .then(() => { document.title = "sent"; }, () => { document.title = "failed"; });
    </script>`);
  });
  await new Promise<void>((resolve) => evil.listen(0, "127.0.0.1", resolve));
  const evilOrigin = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
  try {
    const before = (await (await request.get("/api/uploads")).json()).jobs.length as number;
    await page.goto(`${evilOrigin}/`);
    await expect(page).toHaveTitle("sent");
    // The request reached the dashboard with the admin's session cookie (same site, another
    // port, so SameSite=Lax lets it through) and its own Origin, and was refused for that Origin.
    expect(seen).toHaveLength(1);
    expect(seen[0]!.cookie).toMatch(/pi\.session_token=/);
    expect(seen[0]!.origin).toBe(evilOrigin);
    expect(seen[0]!.status).toBe(403);
    expect((await (await request.get("/api/uploads")).json()).jobs.length).toBe(before);
    const missing = await page.goto("/accounts/999999");
    expect(missing?.status()).toBe(404);
  } finally {
    evil.close();
    relay.close();
  }
});

test("the audit log lists sign-ins and user changes, filtered by action, and passes axe", async ({ page }) => {
  await page.goto("/admin/audit?action=sign-in");
  const rows = page.getByTestId("audit-row");
  await expect(rows.first()).toBeVisible();
  // e2e/auth.setup.ts signed each role in through the page.
  for (const email of ["admin@example.com", "manager@example.com", "staff@example.com"]) await expect(rows.filter({ hasText: email }).first()).toBeVisible();
  expect(await rows.filter({ hasNotText: "sign-in" }).count()).toBe(0);
  await page.getByLabel("Action").selectOption("user-create");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=user-create/);
  await expect(rows.filter({ hasText: "wren@example.com" })).toHaveCount(1);
  await expectNoSeriousA11yViolations(page);
  await screenshot(page, "audit-log");
});

test("pages run only the scripts carrying their response's nonce, and every response has the security headers", async ({ page, request }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const first = await page.goto("/");
  const policy = first!.headers()["content-security-policy"]!;
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
  expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(policy).toContain("frame-ancestors 'none'");
  // The page hydrated: a client component answers a click.
  await page.getByLabel("Overdue only").check();
  await expect(page).toHaveURL(/overdueOnly=1/);
  const second = await page.goto("/trends");
  expect(second!.headers()["content-security-policy"]).not.toBe(policy);
  // An inline script in the page's HTML without the nonce, as a stored-XSS payload would be, is refused.
  await page.route("**/trends", async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace("</head>", "<script>window.__injected = true</script></head>");
    await route.fulfill({ response, body: html });
  });
  await page.goto("/trends");
  await expect(page.getByRole("heading", { name: "Trends" })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected === true)).toBe(false);
  expect(violations.some((v) => /inline script/i.test(v))).toBe(true);
  expect(violations.filter((v) => !/inline script/i.test(v))).toEqual([]);

  for (const path of ["/api/health", "/sign-in", "/icon.svg"]) {
    const headers = (await request.get(path)).headers();
    expect(headers["content-security-policy"], path).toContain("default-src 'self'");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("same-origin");
    expect(headers["x-powered-by"], path).toBeUndefined();
  }
});
