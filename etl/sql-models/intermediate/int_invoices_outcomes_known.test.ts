import { describe, expect, it } from "vitest";
import type { Db } from "../../../lib/db/client";
import { importFixture } from "../../test-support";
import { fileSpecs } from "../../../lib/imports/file-specs";

const GADGET = 1999;

async function loadFixture(invoices: (string | number)[][], lines: (string | number)[][]): Promise<Db> {
  return importFixture({
    "accounts.csv": [
      [...fileSpecs.accounts.columns],
      [1, "Acme", "1 Main St\nSpringfield, IL 62701", "Ann", "555.000.1111", "F", "2020-01-01"],
      [2, "Bolt", "Unit 1 Box 2\nDPO AA 12345", "Bob", "(555)000-2222", "M", "2020-06-15"],
    ],
    "skus.csv": [
      [...fileSpecs.skus.columns],
      ["1-11-111111-1", "Gadget", "a gadget", "10.00", "19.99"],
    ],
    "invoices.csv": [[...fileSpecs.invoices.columns], ...invoices],
    "invoice_line_items.csv": [[...fileSpecs.invoice_line_items.columns], ...lines],
  });
}

const columns = [
  "inv_id",
  "prior_known_inv",
  "prior_late_inv",
  "prior_late_rate",
  "prior_paid_inv",
  "prior_mean_days_to_pay",
  "prior_max_days_to_pay",
  "open_inv",
  "open_cents",
  "overdue_inv",
  "total_vs_prior_avg",
] as const;

type Row = [number, number, number, number, number, number | null, number | null, number, number, number, number | null];

describe("point-in-time history features on a hand-made account", () => {
  it("sees only invoices issued and payments made on earlier days, and outcomes known by then", async () => {
    const db = await loadFixture(
      [
        [1, 1, "2021-01-01", "2021-01-26"], // 25 days: on time, known from 01-27
        [2, 1, "2021-01-05", "2021-02-15"], // 41 days: late, known late from 02-05 (31 days unpaid)
        [3, 1, "2021-01-20", ""], // never paid: known late from 02-20
        [4, 1, "2021-01-27", ""], // the day after invoice 1's payment
        [5, 1, "2021-02-05", ""], // invoice 2 is 31 days old and unpaid: known late
        [6, 1, "2021-02-04", ""], // invoice 2 is 30 days old: not yet known
        [7, 1, "2021-02-16", ""], // the day after invoice 2's payment
        [8, 1, "2021-02-16", ""], // same day as 7: neither sees the other
        [9, 1, "2021-03-10", ""],
        [10, 2, "2021-02-01", "2021-02-02"], // another account: invisible to account 1
      ],
      [
        [1, "1-11-111111-1", 1],
        [2, "1-11-111111-1", 2],
        [3, "1-11-111111-1", 1],
        [4, "1-11-111111-1", 3],
        [5, "1-11-111111-1", 1],
        [6, "1-11-111111-1", 1],
        [7, "1-11-111111-1", 1],
        [8, "1-11-111111-1", 4],
        [9, "1-11-111111-1", 1],
        [10, "1-11-111111-1", 1],
      ],
    );
    const rows = db.$client.prepare(`select ${columns.join(", ")} from mart_invoice_features order by inv_id`).raw().all() as Row[];
    const g = GADGET;
    // inv, known, late, smoothed rate, paid, mean dtp, max dtp, open, open cents, overdue, total / prior average
    expect(rows).toEqual([
      [1, 0, 0, 0.15, 0, null, null, 0, 0, 0, null],
      [2, 0, 0, 0.15, 0, null, null, 1, g, 0, 2],
      [3, 0, 0, 0.15, 0, null, null, 2, 3 * g, 0, 0.6667],
      [4, 1, 0, 0.1, 1, 25, 25, 2, 3 * g, 0, 2.25],
      [5, 2, 1, 0.325, 1, 25, 25, 4, 7 * g, 1, 0.625],
      [6, 1, 0, 0.1, 1, 25, 25, 3, 6 * g, 0, 0.5714],
      [7, 2, 1, 0.325, 2, 33, 41, 4, 6 * g, 0, 0.6667],
      [8, 2, 1, 0.325, 2, 33, 41, 4, 6 * g, 0, 2.6667],
      [9, 6, 5, 0.6625, 2, 33, 41, 6, 11 * g, 4, 0.5714],
      [10, 0, 0, 0.15, 0, null, null, 0, 0, 0, null],
    ]);
    // Days since the account's previous invoice day: none for its first, and a same-day invoice
    // (8 beside 7) is not "previous". 2021 is not a leap year: 02-16 to 03-10 is 22 days.
    const gaps = db.$client.prepare(`select inv_id, days_since_prev_inv from mart_invoice_features order by inv_id`).raw().all();
    expect(gaps).toEqual([
      [1, null],
      [2, 4],
      [3, 15],
      [4, 7],
      [5, 1],
      [6, 8],
      [7, 11],
      [8, 11],
      [9, 22],
      [10, null],
    ]);
  });
});
