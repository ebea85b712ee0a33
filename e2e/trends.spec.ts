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

test("counts a contact logged on an account page in the outreach trends", async ({ page }) => {
  await page.goto("/trends");
  const outreach = page.getByRole("region", { name: "Outreach" });
  const contacts = async () => {
    // The section streams in after the page: wait for its figures or its empty state.
    const shown = outreach.getByText("Contacts logged", { exact: true });
    await expect(shown.or(outreach.getByText("No outreach logged yet"))).toBeVisible();
    return (await shown.count()) === 0 ? 0 : Number((await shown.locator("..").locator("dd").first().innerText()).replace(/,/g, ""));
  };
  const before = await contacts();

  await page.goto("/");
  await page.locator("td[data-column=company] a").first().click();
  const form = page.getByRole("form", { name: "Log a contact" });
  await form.getByLabel("Channel").selectOption("email");
  await form.getByLabel("Outcome").selectOption("left-message");
  await form.getByRole("button", { name: "Log contact" }).click();
  await expect(form.getByRole("status")).toHaveText("Logged an email: left message.");

  await page.goto("/trends");
  await expect.poll(contacts).toBe(before + 1);
  await expect(outreach.locator(".recharts-wrapper")).toHaveCount(4);
  await screenshot(page, "trends-outreach");
  await expectNoSeriousA11yViolations(page);
});
