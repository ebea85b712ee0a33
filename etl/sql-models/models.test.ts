import { describe, expect, it } from "vitest";
import type { Db } from "../../lib/db/client";
import { getDataStatus } from "../../lib/queries/status";
import { importFixture } from "../test-support";
import { buildCacheSize, buildModels, readModelSql, SCOPED_ONLY_MARKER } from "./build-models";
import { models } from "./dag";
import { fileSpecs } from "../../lib/imports/file-specs";

const accounts = [
  [...fileSpecs.accounts.columns],
  [1, "Acme", "1 Main St\nSpringfield, IL 62701", "Ann", "555.000.1111", "F", "2020-01-01"],
  [2, "Bolt", "Unit 1 Box 2\nDPO AA 12345", "Bob", "(555)000-2222", "M", "2020-06-15"],
];
const skus = [
  [...fileSpecs.skus.columns],
  ["0-00-000000-X", "Widget", "a widget", "0.10", "0.29"],
  ["1-11-111111-1", "Gadget", "a gadget", "10.00", "19.99"],
];

async function loadFixture(invoices: (string | number)[][], lines: (string | number)[][]): Promise<Db> {
  return importFixture({
    "accounts.csv": accounts,
    "skus.csv": skus,
    "invoices.csv": [[...fileSpecs.invoices.columns], ...invoices],
    "invoice_line_items.csv": [[...fileSpecs.invoice_line_items.columns], ...lines],
  });
}

function features(db: Db) {
  return db.$client
    .prepare(`select inv_id, inv_total, inv_items, acct_age, num_inv_120d, cum_tot_inv_acct, is_late from mart_invoice_features order by inv_id`)
    .all() as { inv_id: number; inv_total: number; inv_items: number; acct_age: number; num_inv_120d: number; cum_tot_inv_acct: number; is_late: number | null }[];
}

describe("mart_invoice_features on hand-made fixtures", () => {
  it("counts invoices exactly 120 days back but not 121, nor the same day", async () => {
    const db = await loadFixture(
      [
        [1, 1, "2020-09-01", "2020-09-10"], // 121 days before 2020-12-31: outside
        [2, 1, "2020-09-02", "2020-09-10"], // exactly 120 days before: inside
        [3, 1, "2020-12-30", "2021-01-05"], // 1 day before: inside
        [4, 1, "2020-12-31", "2021-01-05"], // same day as 5: not counted by 5
        [5, 1, "2020-12-31", "2021-01-05"],
      ],
      [1, 2, 3, 4, 5].map((id) => [id, "1-11-111111-1", 1]),
    );
    const byId = new Map(features(db).map((f) => [f.inv_id, f]));
    expect(byId.get(5)!.num_inv_120d).toBe(2);
    expect(byId.get(4)!.num_inv_120d).toBe(2);
    // 2020-12-30 reaches back exactly 120 days to invoice 1.
    expect(byId.get(3)!.num_inv_120d).toBe(2);
    expect(byId.get(1)!.num_inv_120d).toBe(0);
    expect(byId.get(2)!.num_inv_120d).toBe(1);
  });

  it("numbers same-day invoices in invoice_id order, whatever the file order", async () => {
    const db = await loadFixture(
      [
        [30, 1, "2021-01-10", ""],
        [10, 1, "2021-01-10", ""],
        [20, 1, "2021-01-10", ""],
        [5, 1, "2021-01-11", ""],
        [7, 2, "2021-01-01", ""],
      ],
      [30, 10, 20, 5, 7].map((id) => [id, "0-00-000000-X", 1]),
    );
    const cum = Object.fromEntries(features(db).map((f) => [f.inv_id, f.cum_tot_inv_acct]));
    expect(cum).toEqual({ 5: 4, 7: 1, 10: 1, 20: 2, 30: 3 });
  });

  it("labels 30 days to pay on time, 31 late, and open invoices by age at the data's as-of date, the latest issue or payment", async () => {
    const db = await loadFixture(
      [
        [1, 1, "2021-01-01", "2021-01-31"], // 30 days: on time
        [2, 1, "2021-01-01", "2021-02-01"], // 31 days: late
        [3, 1, "2021-03-20", ""], // unpaid, 31 days old at the as-of date: late
        [4, 1, "2021-03-21", ""], // unpaid, 30 days old: not yet known
        [5, 2, "2021-03-31", "2021-04-20"], // the last invoice, paid 20 days later: on time, and the as-of date
      ],
      [1, 2, 3, 4, 5].map((id) => [id, "0-00-000000-X", 3]),
    );
    const late = Object.fromEntries(features(db).map((f) => [f.inv_id, f.is_late]));
    expect(late).toEqual({ 1: 0, 2: 1, 3: 1, 4: null, 5: 0 });
    expect(getDataStatus(db)).toMatchObject({ asOf: "2021-04-20", firstIssued: "2021-01-01", lastIssued: "2021-03-31", needsRebuild: false });
    // A store whose models were built under the old rule (no last issue date recorded) says so.
    db.$client.exec(`delete from etl_state where key = 'last_issued'`);
    expect(getDataStatus(db).needsRebuild).toBe(true);
  });

  it("totals lines in exact cents and counts account age in whole days", async () => {
    const db = await loadFixture(
      [[1, 2, "2021-01-01", "2021-01-20"]],
      [
        [1, "0-00-000000-X", 3], // 3 × 0.29 = 0.87, where floating point gives 0.8699999…
        [1, "1-11-111111-1", 4], // 4 × 19.99 = 79.96
      ],
    );
    const [f] = features(db);
    expect(f).toMatchObject({ inv_total: 80.83, inv_items: 7, acct_age: 200 });
    const cents = db.$client.prepare(`select total_cents, cost_cents from mart_invoices`).get();
    expect(cents).toEqual({ total_cents: 8083, cost_cents: 4030 });
  });

  it("keeps an invoice without lines, at zero", async () => {
    const db = await loadFixture(
      [
        [1, 1, "2021-01-01", "2021-01-20"],
        [2, 1, "2021-01-02", ""],
      ],
      [[1, "0-00-000000-X", 2]],
    );
    const totals = db.$client.prepare(`select invoice_id, line_count, item_count, total_cents, cost_cents from mart_invoices order by invoice_id`).all();
    expect(totals).toEqual([
      { invoice_id: 1, line_count: 1, item_count: 2, total_cents: 58, cost_cents: 20 },
      { invoice_id: 2, line_count: 0, item_count: 0, total_cents: 0, cost_cents: 0 },
    ]);
    expect(features(db).map((f) => [f.inv_id, f.inv_total, f.inv_items])).toEqual([
      [1, 0.58, 2],
      [2, 0, 0],
    ]);
  });
});

describe("mart_overdue_spells on hand-made fixtures", () => {
  it("joins invoices whose overdue days touch into one spell, and leaves one paid on day 31 out", async () => {
    const db = await loadFixture(
      [
        [1, 1, "2020-01-01", "2020-02-01"], // paid on day 31: late, but never overdue at a day's end
        [2, 1, "2020-03-01", "2020-04-10"], // overdue 04-01 to 04-09
        [3, 1, "2020-03-11", "2020-05-01"], // overdue from 04-11: 04-10 had nothing overdue, so a new spell
        [4, 1, "2020-03-31", "2020-06-01"], // overdue from 05-01, the day 3 was paid: the same spell
        [5, 1, "2020-08-01", ""], // unpaid: its spell has no end
        [6, 2, "2020-05-01", "2020-06-15"],
      ],
      [1, 2, 3, 4, 5, 6].map((id) => [id, "1-11-111111-1", 1]),
    );
    expect(db.$client.prepare(`select * from mart_overdue_spells order by account_id, start_date`).raw().all()).toEqual([
      [1, "2020-04-01", "2020-04-10", 1],
      [1, "2020-04-11", "2020-06-01", 2],
      [1, "2020-09-01", null, 1],
      [2, "2020-06-01", "2020-06-15", 1],
    ]);
  });
});

describe("full and scoped builds of the SQL models", () => {
  it("build with the small page cache that bounds SQLite's sorters, then give the connection its own back", async () => {
    const db = await loadFixture([[1, 1, "2021-01-01", ""]], [[1, "0-00-000000-X", 1]]);
    const cacheSize = () => db.$client.pragma("cache_size", { simple: true });
    const connectionCacheSize = cacheSize();
    expect(connectionCacheSize).not.toBe(buildCacheSize);
    const during: unknown[] = [];
    buildModels(db.$client, [1], () => during.push(cacheSize()));
    expect(during).toEqual(models.map(() => buildCacheSize));
    expect(cacheSize()).toBe(connectionCacheSize);
  });

  it("leave every use of the build scope out of a full build, and keep it in a scoped one", () => {
    const code = (sql: string) => sql.split("\n").filter((line) => !line.trimStart().startsWith("--"));
    const usesScope = (line: string) => ["build_scope", "build_relabel", "from_month"].some((name) => line.includes(name));
    for (const model of models) {
      const { name } = model;
      // A view is always whole, and could not see the temp tables anyway.
      if (model.materialized === "view") {
        expect(code(readModelSql(name, "scoped")).filter((line) => line.includes("temp.")), name).toEqual([]);
        continue;
      }
      const { scopedBy } = model;
      const scopeLines = code(readModelSql(name, "scoped")).filter(usesScope);
      expect(code(readModelSql(name, "all")).filter(usesScope), name).toEqual([]);
      // A scoped build must read only its accounts' rows, or only the months it rebuilds.
      expect(scopeLines.filter((line) => line.includes(scopedBy.by === "account" ? "build_scope" : "from_month")), name).not.toHaveLength(0);
      for (const line of scopeLines) expect(line.trimEnd(), name).toMatch(new RegExp(`${SCOPED_ONLY_MARKER}$`));
    }
  });
});

describe("view models", () => {
  it("are created by the first build and left alone by the next ones", async () => {
    const db = await loadFixture([[1, 1, "2021-01-01", ""]], [[1, "0-00-000000-X", 2]]);
    const views = () => db.$client.prepare(`select name, sql from sqlite_master where type = 'view' order by name`).all() as { name: string; sql: string }[];
    const built = views();
    expect(built.map((v) => v.name)).toEqual(models.filter((m) => m.materialized === "view").map((m) => m.name).sort());
    buildModels(db.$client, "all");
    expect(views()).toEqual(built);
    // A scoped build changes no other part of the schema, so any change would be the view's.
    const schemaVersion = () => db.$client.pragma("schema_version", { simple: true });
    const before = schemaVersion();
    buildModels(db.$client, [1]);
    expect(schemaVersion()).toBe(before);
  });

  it("replace a view whose SQL changed", async () => {
    const db = await loadFixture([[1, 1, "2021-01-01", ""]], [[1, "0-00-000000-X", 2]]);
    db.$client.exec(`drop view mart_invoice_lines; create view mart_invoice_lines as select 1 as invoice_id`);
    buildModels(db.$client, [1]);
    expect(db.$client.prepare(`select invoice_id, item_id, item_name, quantity, line_total_cents from mart_invoice_lines`).all()).toEqual([
      { invoice_id: 1, item_id: "0-00-000000-X", item_name: "Widget", quantity: 2, line_total_cents: 58 },
    ]);
  });
});
