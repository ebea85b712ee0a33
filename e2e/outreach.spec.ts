import { expect, test } from "@playwright/test";
import Papa from "papaparse";
import { expectNoSeriousA11yViolations, outreachRows, parseMoney, screenshot } from "./helpers";

test.describe("outreach list", () => {
  test("loads ranked by the model's expected late amount with the data's as-of date in the header", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByTestId("data-status")).toContainText("May 12, 2021");
    await expect(page.getByRole("heading", { name: "Who to call first" })).toBeVisible();
    const rows = outreachRows(page);
    await expect(rows).toHaveCount(25);
    await expect(rows.first().locator("td").first()).toHaveText("1");
    // The expected late amount (in the risk cell's title) never increases down the default ranking.
    const titles = await rows.locator("td[data-column=risk] [title]").evaluateAll((cells) => cells.map((c) => c.getAttribute("title") ?? ""));
    const cents = titles.map((t) => parseMoney(/(\$[\d,]+) expected late/.exec(t)![1]!));
    expect(cents).toHaveLength(25);
    expect(cents).toEqual([...cents].sort((a, b) => b - a));
    await expect(rows.first().getByRole("link", { name: /^Call / })).toHaveAttribute("href", /^tel:\+?\d+$/);
    // The risk column tells accounts apart: the share of the money not yet due expected late, not "100%" on every overdue account.
    const shares = await rows.locator("td[data-column=risk]").allInnerTexts();
    expect(shares.every((t) => /^(High|Medium|Low)\s*(>99|<1|\d+)%\s*of \$[\d,]+ not yet due\s*\$[\d,]+ expected late$|^All overdue\s*\$[\d,]+ expected late$/.test(t.trim()))).toBe(true);
    expect(new Set(shares.map((t) => /(\d+)%/.exec(t)?.[1])).size).toBeGreaterThan(5);
    await screenshot(page, "outreach-list");
    await expectNoSeriousA11yViolations(page);
  });

  test("answers at /outreach too, keeping the filters in the address", async ({ page }) => {
    await page.goto("/outreach?region=South&overdueOnly=1");
    await expect(page).toHaveURL(/\/\?region=South&overdueOnly=1$/);
    await expect(page.getByRole("heading", { name: "Who to call first" })).toBeVisible();
    await expect(page.getByLabel("Region")).toHaveValue("South");
  });

  test("sorts on the server by a clicked column", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("button", { name: /^Company/ }).click();
    await expect(page).toHaveURL(/sort=company/);
    await expect(page).toHaveURL(/dir=asc/);
    // The URL changes before the new rows stream in: wait for the table to show the new order.
    const names = outreachRows(page).locator("td[data-column=company] a");
    await expect
      .poll(async () => {
        const shown = await names.allInnerTexts();
        return shown.length > 0 && shown.join("|") === [...shown].sort((a, b) => a.localeCompare(b, "en-US", { sensitivity: "base", numeric: true })).join("|");
      })
      .toBe(true);
    await expect(page.getByRole("columnheader", { name: /Company/ })).toHaveAttribute("aria-sort", "ascending");

    await page.getByRole("button", { name: /^Company/ }).click();
    await expect(page).toHaveURL(/dir=desc/);
    await expect(page.getByRole("columnheader", { name: /Company/ })).toHaveAttribute("aria-sort", "descending");
  });

  test("filters by region, overdue only, minimum balance and search", async ({ page }) => {
    await page.goto("/");
    const total = Number((await page.getByText(/^1–25 of/).innerText()).match(/of ([\d,]+)/)![1]!.replace(/,/g, ""));

    await page.getByLabel("Region").selectOption("West");
    await expect(page).toHaveURL(/region=West/);
    // The URL changes before the filtered rows stream in: wait until every shown row matches.
    const regions = outreachRows(page).locator("td[data-column=region]");
    await expect.poll(async () => [...new Set(await regions.allInnerTexts())]).toEqual(["West"]);

    await page.getByLabel("Overdue only").check();
    await expect(page).toHaveURL(/overdueOnly=1/);
    const overdue = outreachRows(page).locator("td[data-column=overdue]");
    await expect.poll(async () => (await overdue.allInnerTexts()).map(parseMoney).filter((c) => c <= 0).length).toBe(0);
    await expect(overdue.first()).toBeVisible();

    await page.getByLabel("Min. open balance ($)").fill("900000");
    await expect(page).toHaveURL(/minBalance=900000/);
    const open = outreachRows(page).locator("td[data-column=open]");
    await expect.poll(async () => (await open.allInnerTexts()).map(parseMoney).filter((c) => c < 900_000_00).length).toBe(0);
    await expect(open.first()).toBeVisible();

    await page.goto("/");
    const company = await outreachRows(page).nth(3).locator("td[data-column=company] a").innerText();
    await page.getByLabel("Search").fill(company);
    await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(company.split(" ")[0]!)}`));
    await expect.poll(async () => (await outreachRows(page).locator("td[data-column=company] a").allInnerTexts()).every((name) => name.includes(company))).toBe(true);
    await expect(outreachRows(page).first()).toContainText(company);
    expect(total).toBeGreaterThan(25);
  });

  test("pages through the list", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect(outreachRows(page).first().locator("td").first()).toHaveText("26");
    await page.getByLabel("Rows per page").selectOption("50");
    await expect(page).toHaveURL(/pageSize=50/);
    await expect(outreachRows(page)).toHaveCount(50);
  });

  test("shows the receivables as they stood on an earlier as-of date", async ({ page }) => {
    await page.goto("/");
    const openNow = await page.getByText("Open balance").locator("..").locator("dd").first().innerText();
    await page.getByLabel("As of").fill("2020-11-12");
    await expect(page).toHaveURL(/asOf=2020-11-12/);
    await expect(page.getByRole("heading", { name: "Who to call first" }).locator("..")).toContainText("Nov 12, 2020");
    const openThen = await page.getByText("Open balance").locator("..").locator("dd").first().innerText();
    expect(openThen).not.toBe(openNow);
    // The date follows a drill-down.
    await expect(outreachRows(page).first().locator("td[data-column=company] a")).toHaveAttribute("href", /asOf=2020-11-12/);
    await screenshot(page, "outreach-list-2020-11-12");
    await page.getByRole("button", { name: /Back to the latest data/ }).click();
    await expect(page).not.toHaveURL(/asOf=/);
  });

  test("exports the current view as CSV with formulas neutralised", async ({ page }) => {
    await page.goto("/?region=South&sort=overdue&dir=desc");
    const accounts = Number((await page.getByText(/^1–\d+ of/).innerText()).match(/of ([\d,]+)/)![1]!.replace(/,/g, ""));
    const downloadPromise = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toBe("outreach-2021-05-12.csv");
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const rows = Papa.parse<Record<string, string>>(Buffer.concat(chunks).toString("utf8"), { header: true, skipEmptyLines: true }).data;
    expect(rows.length).toBe(accounts);
    expect(rows.every((r) => r.region === "South")).toBe(true);
    for (const r of rows) for (const value of Object.values(r)) if (/^[=+@]/.test(value)) throw new Error(`unescaped formula: ${value}`);
  });
});
