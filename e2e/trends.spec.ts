import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations, screenshot } from "./helpers";

test("renders every trend chart with data and filters them by region", async ({ page }) => {
  await page.goto("/trends");
  const trends = page.getByTestId("trends");
  await expect(trends.locator(".recharts-wrapper")).toHaveCount(6);
  // Bars for invoiced amount, aging and at-risk accounts; lines for the rest.
  expect(await trends.locator(".recharts-bar-rectangle").count()).toBeGreaterThan(20);
  expect(await trends.locator(".recharts-line-curve").count()).toBeGreaterThanOrEqual(5);
  await expect(page.getByText("DSO (countback)")).toBeVisible();
  await expect(page.getByText(/Countback: how many of the most recent days/)).toBeVisible();
  const openAll = await page.getByText("Open balance").locator("..").locator("dd").first().innerText();
  await screenshot(page, "trends");
  await expectNoSeriousA11yViolations(page);

  await page.getByLabel("Region").selectOption("Midwest");
  await expect(page).toHaveURL(/region=Midwest/);
  await expect(trends.locator(".recharts-wrapper")).toHaveCount(6);
  await expect(page.getByText("Open balance").locator("..").locator("dd").first()).not.toHaveText(openAll);
  await screenshot(page, "trends-midwest");
});
