import { expect, test } from "@playwright/test";
import { bareEvent, transactionMarker } from "../etl/cdc/test-events";
import { e2eCdcToken } from "./cdc-token";
import { expectNoSeriousA11yViolations, screenshot } from "./helpers";
import { storageStateFor } from "./users";

/*
 * The change-event consumer's admin page against the shared e2e server: empty until events
 * arrive, then what became of them. The events posted touch no account (a new SKU with no lines,
 * and events that apply nothing), so the other specs see the same dashboard.
 */

test.describe("staff", () => {
  test.use({ storageState: storageStateFor("staff") });

  test("gets 'Not allowed' on the change-event page, and no link to it", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Change events" })).toHaveCount(0);
    const response = await page.goto("/admin/cdc");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
    await expect(page.getByRole("table", { name: "Change events by source table" })).toHaveCount(0);
  });
});

test("an admin sees no change events at first, then per table what became of the events Debezium posted, and the errors as text", async ({ page, request }) => {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Change events" }).click();
  await expect(page).toHaveURL(/\/admin\/cdc$/);
  await expect(page.getByRole("heading", { name: "Change events", level: 1 })).toBeVisible();
  await expect(page.getByText("No change events yet")).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  const madeAt = Date.now() - 30_000;
  const sku = bareEvent(
    "skus",
    "c",
    null,
    { item_id: "E2E-CDC-0001", item_name: "Change-event test part", item_description: null, item_cost_price: "12.34", item_retail_price: "23.45" },
    { file: "mysql-bin.000009", pos: 120, tsMs: madeAt },
  );
  // A table name the page must show as text, not as markup.
  const unknown = bareEvent("<b>payments</b>", "c", null, { payment_id: 1 }, { file: "mysql-bin.000009", pos: 130, tsMs: madeAt });
  const posted = await request.post("/api/cdc/debezium", {
    headers: { authorization: `Bearer ${e2eCdcToken}` },
    data: [transactionMarker("BEGIN", 110), sku, sku, null, unknown],
  });
  expect(posted.status()).toBe(422);
  expect(await posted.json()).toMatchObject({ applied: 1, skipped: 1, ignored: 2, rejected: 1 });

  await page.reload();
  const tables = page.getByTestId("cdc-table-row");
  await expect(tables).toHaveCount(3);
  // Source time, position, applied, skipped, ignored, rejected, received.
  await expect(tables.filter({ hasText: "skus" }).getByRole("cell")).toHaveText([/UTC$/, "mysql-bin.000009:120 row 0", "1", "1", "0", "0", /UTC$/]);
  await expect(tables.filter({ hasText: "no table" }).getByRole("cell").nth(4)).toHaveText("2");
  await expect(page.getByTestId("cdc-lag")).toContainText("ago");

  const errors = page.getByTestId("cdc-reject-row");
  await expect(errors).toHaveCount(1);
  await expect(errors).toContainText("mysql-bin.000009:130 row 0");
  await expect(errors).toContainText("unknown table <b>payments</b>: this consumer takes accounts, skus, invoices, invoice_line_items");
  await expect(page.getByRole("table", { name: "Rejected change events, newest first" }).locator("b")).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
  await screenshot(page, "admin-cdc");

  const health = await (await request.get("/api/health")).json();
  expect(health.cdc.lastEventAt).toBe(new Date(madeAt).toISOString());
  expect(health.cdc.lagMs).toBeGreaterThanOrEqual(30_000);

  // The request is one import in the history, not one per event.
  await page.goto("/imports");
  const cdcImports = page.getByRole("table", { name: "Imports, newest first" }).locator("tbody tr").filter({ hasText: "change events" });
  await expect(cdcImports).toHaveCount(1);
  await expect(cdcImports).toContainText("debezium (cdc)");
});
