import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations, outreachRows, screenshot } from "./helpers";

test("shows the current model, its metrics beside the baselines, calibration, weights and past flags", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Model" }).click();
  await expect(page).toHaveURL(/\/model/);
  await expect(page.getByRole("heading", { name: "Late-payment model", level: 1 })).toBeVisible();

  const model = page.getByTestId("model-page");
  await expect(model.getByText("Active version", { exact: true })).toBeVisible();
  await expect(model.getByText(/May 12, 2020 – Apr 11, 2021/)).toBeVisible();
  // The first version was promoted with nothing to compare with.
  await expect(page.getByTestId("model-versions")).toContainText("active");
  await expect(page.getByTestId("model-versions")).toContainText("The first version: there was none to compare with.");
  await expect(page.getByTestId("risk-column-help")).toContainText("not yet due");

  // The model row beats both baselines on AUC (higher) and Brier (lower).
  const metrics = page.getByTestId("metrics-table");
  const cells = async (name: RegExp) => (await metrics.getByRole("row", { name }).getByRole("cell").allInnerTexts()).map(Number);
  const [modelAuc, , modelBrier] = await cells(/This model/);
  const [requiredAuc, , requiredBrier] = await cells(/Baseline: required columns/);
  const [priorAuc, , priorBrier] = await cells(/Baseline: prior late rate/);
  expect(modelAuc).toBeGreaterThan(Math.max(requiredAuc!, priorAuc!));
  expect(modelBrier).toBeLessThan(Math.min(requiredBrier!, priorBrier!));

  // Calibration: ten bins drawn as bars with observed points; the flag chart has three lines.
  await expect(page.getByTestId("calibration-chart").locator(".recharts-bar-rectangle")).toHaveCount(10);
  await expect(page.getByTestId("flag-outcome-chart").locator(".recharts-line-curve")).toHaveCount(3);
  await expect(page.getByTestId("feature-weights").locator("tbody tr")).toHaveCount(20);

  // One row per month end, and flagged accounts paid late far more often than low-risk ones.
  const months = page.getByTestId("backtest-table").locator("tbody tr");
  await expect(months).toHaveCount(11);
  await expect(months.first().getByRole("rowheader")).toHaveText("Jun 30, 2020");
  await screenshot(page, "model");
  await expectNoSeriousA11yViolations(page);
});

test("opens a stored ranking exactly as the outreach list ranked it", async ({ page }) => {
  await page.goto("/");
  const first = outreachRows(page).first();
  await expect(first).toBeVisible();
  const topAccount = await first.getByText(/^Account \d+$/).innerText();
  // The list shows the not-yet-due share with its band and the expected late amount, and two or three reasons.
  await expect(first.locator("td[data-column=risk]")).toHaveText(/^(High|Medium|Low)\s*(>99|<1|\d+)%\s*of \$[\d,]+ not yet due\s*\$[\d,]+ expected late$|^All overdue/);
  expect(await first.locator("ul li").count()).toBeGreaterThanOrEqual(2);

  await page.goto("/model");
  await page.getByTestId("stored-rankings").getByRole("link", { name: "As of May 12, 2021" }).click();
  await expect(page.getByRole("heading", { name: "Ranking as of May 12, 2021" })).toBeVisible();
  const stored = page.getByTestId("stored-ranking").locator("tbody tr");
  await expect(stored.first().getByText(/^Account \d+$/)).toHaveText(topAccount);
  await expect(stored.first().locator("td").first()).toHaveText("1");
  await screenshot(page, "model-stored-ranking");
  await expectNoSeriousA11yViolations(page);
});
