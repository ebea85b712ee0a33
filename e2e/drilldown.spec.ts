import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations, outreachRows, parseMoney, screenshot } from "./helpers";

test("drills down from the list to an account and an invoice, with totals that match", async ({ page }) => {
  await page.goto("/");
  const first = outreachRows(page).first();
  const listOpen = parseMoney(await first.locator("td[data-column=open]").innerText());
  const company = await first.locator("td[data-column=company] a").innerText();
  await first.locator("td[data-column=company] a").click();

  await expect(page.getByRole("heading", { level: 1, name: company })).toBeVisible();
  // Aging buckets add up to the open balance, which matches the list (rounded to dollars there).
  const agingTotal = parseMoney(await page.getByTestId("aging-total").innerText());
  const buckets = (await page.getByTestId("aging-table").locator("tbody td:nth-child(2)").allInnerTexts()).map(parseMoney);
  expect(buckets.reduce((a, b) => a + b, 0)).toBe(agingTotal);
  expect(Math.abs(agingTotal - listOpen)).toBeLessThanOrEqual(50);
  await expect(page.locator(".recharts-surface").first()).toBeVisible();
  await expect(page.locator(".recharts-scatter-symbol").first()).toBeVisible();
  await expect(page.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await screenshot(page, "account");
  await expectNoSeriousA11yViolations(page);

  const invoiceTable = page.getByRole("table", { name: /invoice history/i });
  const invoiceRow = invoiceTable.locator("tbody tr").first();
  const rowTotal = parseMoney(await invoiceRow.locator("td[data-column=totalCents]").innerText());
  await invoiceRow.getByRole("link").click();

  await expect(page.getByRole("heading", { level: 1, name: /^Invoice \d+$/ })).toBeVisible();
  const invoiceTotal = parseMoney(await page.getByTestId("invoice-total").innerText());
  const linesTotal = parseMoney(await page.getByTestId("lines-total").innerText());
  const lineTotals = (await page.getByRole("table", { name: "Invoice lines" }).locator("tbody td[data-column=lineTotalCents]").allInnerTexts()).map(parseMoney);
  expect(invoiceTotal).toBe(rowTotal);
  expect(linesTotal).toBe(invoiceTotal);
  expect(lineTotals.reduce((a, b) => a + b, 0)).toBe(invoiceTotal);
  await screenshot(page, "invoice");
  await expectNoSeriousA11yViolations(page);

  await page.getByRole("link", { name: company }).click();
  await expect(page.getByRole("heading", { level: 1, name: company })).toBeVisible();
});

test("answers unknown ids with a not-found page and a 404", async ({ page, request }) => {
  const response = await page.goto("/accounts/999999");
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  expect(response?.status()).toBe(404);
  await page.goto("/invoices/abc");
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  // Ids are plain positive decimal integers: hex, exponents, signs and zero are no id at all.
  const missing = ["/accounts/0", "/accounts/0x10", "/accounts/1e1", "/accounts/+1", "/accounts/01", "/invoices/999999999", "/model/runs/999999", "/model/runs/0x1", "/imports/999999", "/upload/unknown-id"];
  const statuses = await Promise.all(missing.map(async (url) => [url, (await request.get(url)).status()]));
  expect(statuses).toEqual(missing.map((url) => [url, 404]));
  expect((await request.get("/accounts/16")).status()).toBe(200);
});
