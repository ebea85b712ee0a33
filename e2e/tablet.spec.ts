import { expect, test } from "@playwright/test";
import { outreachRows, screenshot } from "./helpers";

test("fits a tablet held upright", async ({ page }) => {
  await page.goto("/");
  await expect(outreachRows(page)).toHaveCount(25);
  // The page itself never scrolls sideways; only the wide table scrolls inside its frame.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, "tablet-outreach");
  await outreachRows(page).first().locator("td[data-column=company] a").click();
  await expect(page.getByTestId("aging-table")).toBeVisible();
  await screenshot(page, "tablet-account");
  await page.goto("/trends");
  await expect(page.getByTestId("trends").locator(".recharts-wrapper")).toHaveCount(6);
  await screenshot(page, "tablet-trends");
});
