import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations, outreachRows, screenshot } from "./helpers";
import { storageStateFor } from "./users";

/*
 * The outreach workflow as branch staff work it, signed in as staff (region West). It logs on
 * a past as-of date, so that moving the date past the promise shows what the list will show
 * once new data arrives; it ends by chasing the promise, so the ranking the other specs check
 * at the default date is the model's.
 */

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

test.use({ storageState: storageStateFor("staff") });

test("staff logs a call with a promise, sees it on the list, and sees it broken at the top once its date has passed", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByLabel("Region")).toHaveValue("West");
  const latest = (await page.getByLabel("As of").getAttribute("max"))!;
  const day = addDays(latest, -30);
  const promiseDate = addDays(day, 3);
  const past = addDays(day, 4);

  await page.goto(`/?asOf=${day}`);
  const rows = outreachRows(page);
  await expect(rows).toHaveCount(25);
  const link = rows.nth(4).locator("td[data-column=company] a");
  const href = (await link.getAttribute("href"))!;
  const accountId = /\/accounts\/(\d+)/.exec(href)![1]!;
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/accounts/${accountId}\\?asOf=${day}$`));

  const form = page.getByRole("form", { name: "Log a contact" });
  await form.getByLabel("Outcome").selectOption("promised");
  // A bad form first: the errors show beside their fields and nothing is logged.
  await form.getByRole("button", { name: "Log contact" }).click();
  await expect(form.getByText("When did they promise to pay?")).toBeVisible();
  await expect(form.getByText("How much did they promise?")).toBeVisible();
  await expect(page.getByRole("list", { name: /Outreach history/ })).toHaveCount(0);

  await form.getByLabel("Promised to pay by").fill(promiseDate);
  await form.getByLabel("Amount promised ($)").fill("9,999,999");
  await form.getByLabel("Note").fill("<script>alert(1)</script> says the cheque is in the post");
  await form.getByRole("button", { name: "Log contact" }).click();
  await expect(form.getByRole("status")).toHaveText("Logged a call: promised $9,999,999.00 by " + promiseDate + ".");
  const history = page.getByRole("list", { name: /Outreach history/ });
  // Staff's text is shown as text, never run.
  await expect(history).toContainText("<script>alert(1)</script> says the cheque is in the post");
  await expect(page.getByText("Promise pending")).toBeVisible();
  await screenshot(page, "account-outreach");
  await expectNoSeriousA11yViolations(page);

  await page.goto(`/?asOf=${day}`);
  const row = rows.filter({ has: page.locator(`a[href^="/accounts/${accountId}?"]`) });
  await expect(row.locator("td[data-column=outreach]")).toContainText("Promise pending");
  await expect(row.locator("td[data-column=outreach]")).toContainText("Promised to pay");

  // Past the promise date, with the promised amount unpaid, it is broken and comes first.
  await page.getByLabel("As of").fill(past);
  await expect(page).toHaveURL(new RegExp(`asOf=${past}`));
  await expect(rows.first().locator(`a[href^="/accounts/${accountId}?"]`)).toBeVisible();
  await expect(rows.first().locator("td[data-column=outreach]")).toContainText("Broken promise");
  await screenshot(page, "outreach-list-broken-promise");

  await page.goto(`/follow-ups?asOf=${past}`);
  const broken = page.getByRole("region", { name: /Broken promises/ });
  await expect(broken.getByRole("link", { name: await page.locator(`a[href^="/accounts/${accountId}"]`).first().innerText() })).toBeVisible();
  await screenshot(page, "my-follow-ups");
  await expectNoSeriousA11yViolations(page);

  // Chasing it takes it off the top and off "My follow-ups"; the promise stays broken.
  await page.goto(`/accounts/${accountId}?asOf=${past}`);
  await page.getByRole("form", { name: "Log a contact" }).getByLabel("Outcome").selectOption("no-answer");
  await page.getByRole("form", { name: "Log a contact" }).getByRole("button", { name: "Log contact" }).click();
  await expect(page.getByRole("form", { name: "Log a contact" }).getByRole("status")).toHaveText("Logged a call: no answer.");
  await page.goto(`/follow-ups?asOf=${past}`);
  await expect(page.getByRole("region", { name: /Broken promises/ })).toContainText("No broken promise is waiting for a call.");
});

test("a snoozed account leaves the list until its date, and the toggle shows it with its reason", async ({ page }) => {
  await page.goto("/");
  const latest = (await page.getByLabel("As of").getAttribute("max"))!;
  const day = addDays(latest, -45);
  await page.goto(`/?asOf=${day}`);
  const rows = outreachRows(page);
  const link = rows.nth(2).locator("td[data-column=company] a");
  const accountId = /\/accounts\/(\d+)/.exec((await link.getAttribute("href"))!)![1]!;
  const onList = rows.filter({ has: page.locator(`a[href^="/accounts/${accountId}?"]`) });
  await link.click();

  const snooze = page.getByRole("form", { name: "Snooze the account" });
  await snooze.getByLabel("Snooze until").fill(addDays(day, 5));
  await snooze.getByLabel("Why it can wait").fill("Paying on their next payment run");
  await snooze.getByRole("button", { name: "Snooze" }).click();
  await expect(page.getByRole("button", { name: "End the snooze" })).toBeVisible();

  await page.goto(`/?asOf=${day}`);
  await expect(rows.first()).toBeVisible();
  await expect(onList).toHaveCount(0);
  await page.getByLabel("Show snoozed and disputed").check();
  await expect(page).toHaveURL(/showHeld=1/);
  await expect(onList.locator("td[data-column=company]")).toContainText(`Held: Snoozed until ${addDays(day, 5)}: Paying on their next payment run`);
  await screenshot(page, "outreach-list-held");
  await expectNoSeriousA11yViolations(page);

  // Back on the list once the snooze has ended.
  await page.goto(`/?asOf=${addDays(day, 5)}`);
  await expect(onList).toHaveCount(1);
});
