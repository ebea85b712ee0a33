import path from "node:path";
import { describe, expect, it } from "vitest";
// Tests may reach into etl to build a database; lib code itself never imports etl.
import { importExtracts } from "../../etl/import/import-extracts";
import { tempDb, writeFixture } from "../../etl/test-support";
import { getAccountSnapshot } from "./accounts";
import { getOutreachRows } from "./outreach";
import { getMonthlyTrends } from "./trends";
import { fileSpecs } from "../imports/file-specs";

/*
 * One account with unpaid invoices on each side of every bucket boundary at 2021-03-31, the
 * cut-off. Days past due = as-of − issue − 30.
 */
const INVOICES: [id: number, issued: string, bucket: number][] = [
  [1, "2021-03-31", 0], // issued on the day: due in 30 days
  [2, "2021-03-01", 0], // 30 days old: due today, not yet past due
  [3, "2021-02-28", 1], // 1 day past due
  [4, "2021-01-30", 1], // 30 days past due
  [5, "2021-01-29", 2], // 31
  [6, "2020-12-31", 2], // 60
  [7, "2020-12-30", 3], // 61
  [8, "2020-12-01", 3], // 90
  [9, "2020-11-30", 4], // 91
];
const PRICE_CENTS = 1000_00;

async function buildDb() {
  const dir = writeFixture({
    "accounts.csv": [
      [...fileSpecs.accounts.columns],
      [1, "Edge Case Ltd", "1 Main St\nSpringfield, IL 62701", "Pat Doe", "555.010.0000", "F", "2019-01-01"],
    ],
    "skus.csv": [
      [...fileSpecs.skus.columns],
      ["0-7127-8604-X", "Widget", "a widget", "400.00", "1000.00"],
    ],
    "invoices.csv": [[...fileSpecs.invoices.columns], ...INVOICES.map(([id, issued]) => [id, 1, issued, ""])],
    "invoice_line_items.csv": [[...fileSpecs.invoice_line_items.columns], ...INVOICES.map(([id]) => [id, "0-7127-8604-X", 1])],
  });
  const { db } = tempDb();
  const result = await importExtracts(
    db,
    ["accounts.csv", "skus.csv", "invoices.csv", "invoice_line_items.csv"].map((f) => ({ path: path.join(dir, f) })),
  );
  expect(result.status).toBe("accepted");
  return db;
}

describe("aging bucket boundaries", () => {
  it("puts each invoice in its bucket on the account page, the list and the trends", async () => {
    const db = await buildDb();
    const expected = [0, 1, 2, 3, 4].map((b) => INVOICES.filter(([, , bucket]) => bucket === b).length * PRICE_CENTS);

    const s = getAccountSnapshot(1, "2021-03-31", db);
    expect([s.currentCents, s.pastDue1To30Cents, s.pastDue31To60Cents, s.pastDue61To90Cents, s.pastDueOver90Cents]).toEqual(expected);
    expect(s.overdueCents).toBe(7 * PRICE_CENTS);

    const [row] = getOutreachRows({ asOf: "2021-03-31", sort: "priority", dir: "asc" }, db);
    expect(row?.overdueCents).toBe(7 * PRICE_CENTS);
    expect(row?.openCount).toBe(9);
    expect(row?.oldestAgeDays).toBe(121);
    expect(row?.riskBand).toBe("high");

    const march = getMonthlyTrends(undefined, db).find((m) => m.month === "2021-03")!;
    expect(march.asOf).toBe("2021-03-31");
    expect([march.currentCents, march.pastDue1To30Cents, march.pastDue31To60Cents, march.pastDue61To90Cents, march.pastDueOver90Cents]).toEqual(expected);
    expect(march.atRiskAccounts).toBe(1);
  });
});
