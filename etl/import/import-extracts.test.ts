import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "../../lib/db/client";
import { exportFeatures, featureColumns } from "../export-features";
import { fileSpecs, fileKinds } from "../../lib/imports/file-specs";
import { importExtracts } from "./import-extracts";
import { models } from "../sql-models/dag";
import { dataFingerprint, readCsvObjects, realExtractsDir, tempDb, tempDir } from "../test-support";

const realSources = fileKinds.map((kind) => ({ kind, path: path.join(realExtractsDir, fileSpecs[kind].fileName) }));

type Expected = { acct: number; total: string; items: number; age: number; n120: number; cum: number; late: number | null };

/**
 * The feature definitions from the issue, computed naively from the CSVs with no SQL, so the
 * pipeline is checked against a second, independent reading of the same rules.
 */
function computeExpected(asOf: string): Map<number, Expected> {
  const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
  const accounts = new Map(readCsvObjects(path.join(realExtractsDir, "accounts.csv")).map((a) => [Number(a.account_id), a.joining_date!]));
  const prices = new Map(readCsvObjects(path.join(realExtractsDir, "skus.csv")).map((s) => [s.item_id!, Math.round(Number(s.item_retail_price) * 100)]));
  const invoices = readCsvObjects(path.join(realExtractsDir, "invoices.csv")).map((i) => ({
    id: Number(i.invoice_id),
    acct: Number(i.account_id),
    issued: i.date_issued!,
    paid: i.payment_dates || null,
  }));
  const totals = new Map<number, { cents: number; items: number }>();
  for (const l of readCsvObjects(path.join(realExtractsDir, "invoice_line_items.csv"))) {
    const t = totals.get(Number(l.invoice_id)) ?? { cents: 0, items: 0 };
    t.cents += Number(l.quantity) * prices.get(l.item_id!)!;
    t.items += Number(l.quantity);
    totals.set(Number(l.invoice_id), t);
  }
  const expected = new Map<number, Expected>();
  for (const inv of invoices) {
    const mine = invoices.filter((o) => o.acct === inv.acct);
    const d = day(inv.issued);
    const n120 = mine.filter((o) => day(o.issued) >= d - 120 && day(o.issued) <= d - 1).length;
    const cum = mine.filter((o) => o.issued < inv.issued || (o.issued === inv.issued && o.id <= inv.id)).length;
    let late: number | null = null;
    if (inv.paid !== null && inv.paid <= asOf) late = day(inv.paid) - d > 30 ? 1 : 0;
    else if (day(asOf) - d > 30) late = 1;
    const t = totals.get(inv.id)!;
    expected.set(inv.id, {
      acct: inv.acct,
      total: (t.cents / 100).toFixed(2),
      items: t.items,
      age: d - day(accounts.get(inv.acct)!),
      n120,
      cum,
      late,
    });
  }
  return expected;
}

function exportedRows(file: string) {
  return readCsvObjects(file).map((r) => ({
    id: Number(r.inv_id),
    acct: Number(r.acct_id),
    total: r.inv_total!,
    items: Number(r.inv_items),
    age: Number(r.acct_age),
    n120: Number(r.num_inv_120d),
    cum: Number(r.cum_tot_inv_acct),
    late: r.is_late === "" ? null : Number(r.is_late),
  }));
}

describe("importing the real extracts", () => {
  let db: Db;
  let exportFile: string;

  beforeAll(async () => {
    ({ db } = tempDb());
    const result = await importExtracts(db, realSources);
    expect(result.status).toBe("accepted");
    exportFile = path.join(tempDir(), "features.csv");
    await exportFeatures(db, exportFile);
  });

  it("accepts every row of all four files", async () => {
    const files = db.$client.prepare(`select file_kind, rows_read, rows_accepted, rows_rejected from etl_import_files order by file_kind`).all();
    expect(files).toEqual([
      { file_kind: "accounts", rows_read: 200, rows_accepted: 200, rows_rejected: 0 },
      { file_kind: "invoice_line_items", rows_read: 53481, rows_accepted: 53481, rows_rejected: 0 },
      { file_kind: "invoices", rows_read: 9685, rows_accepted: 9685, rows_rejected: 0 },
      { file_kind: "skus", rows_read: 100, rows_accepted: 100, rows_rejected: 0 },
    ]);
  });

  it("exports the contract columns first, in order, sorted by inv_id", () => {
    const [header] = fs.readFileSync(exportFile, "utf8").split("\n", 1);
    expect(header!.split(",").slice(0, 8)).toEqual(["inv_id", "acct_id", "inv_total", "inv_items", "acct_age", "num_inv_120d", "cum_tot_inv_acct", "is_late"]);
    expect(header!.split(",")).toEqual([...featureColumns]);
    const ids = exportedRows(exportFile).map((r) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids).toHaveLength(9685);
  });

  it("matches an independent computation of every feature for every invoice, labelled at the last payment", () => {
    // The data's as-of date is its latest event: the last payment, 2021-07-08, not the last issue.
    const invoices = readCsvObjects(path.join(realExtractsDir, "invoices.csv"));
    const latest = invoices.reduce((max, i) => [i.date_issued!, i.payment_dates!].reduce((m, d) => (d > m ? d : m), max), "");
    expect(latest).toBe("2021-07-08");
    const expected = computeExpected(latest);
    const exported = exportedRows(exportFile);
    const mismatches = exported.filter((r) => {
      const e = expected.get(r.id)!;
      return e.acct !== r.acct || e.total !== r.total || e.items !== r.items || e.age !== r.age || e.n120 !== r.n120 || e.cum !== r.cum || e.late !== r.late;
    });
    expect(mismatches).toEqual([]);
    // Every invoice in the extract is paid, so the default export labels every one of them.
    expect(exported.filter((r) => r.late !== null)).toHaveLength(9685);
    expect(exported.filter((r) => r.late === 1)).toHaveLength(invoices.filter((i) => (Date.parse(i.payment_dates!) - Date.parse(i.date_issued!)) / 86_400_000 > 30).length);
  });

  it("keeps point-in-time labels with --as-of: payments after the date are unknown", async () => {
    const file = path.join(tempDir(), "asof-last-issue.csv");
    await exportFeatures(db, file, { asOf: "2021-05-12" });
    const expected = computeExpected("2021-05-12");
    const exported = exportedRows(file);
    expect(exported).toHaveLength(9685);
    expect(exported.filter((r) => expected.get(r.id)!.late !== r.late)).toEqual([]);
    expect(exported.filter((r) => r.late === null)).toHaveLength(726);
  });

  it("gives hand-checked values for same-day and window-edge invoices", () => {
    const get = db.$client.prepare(`select inv_id, date_issued, num_inv_120d, cum_tot_inv_acct, is_late from mart_invoice_features where inv_id = ?`);
    // Invoices 14 and 47 of account 1 were both issued on 2021-02-18: numbered in invoice_id order,
    // and neither counts the other in its 120-day window.
    const a = get.get(14) as { cum_tot_inv_acct: number; num_inv_120d: number };
    const b = get.get(47) as { cum_tot_inv_acct: number; num_inv_120d: number };
    expect(b.cum_tot_inv_acct).toBe(a.cum_tot_inv_acct + 1);
    expect(b.num_inv_120d).toBe(a.num_inv_120d);
    // Invoice 10 was issued exactly 120 days before invoice 1, so it is inside invoice 1's window.
    const within = db.$client
      .prepare(`select count(*) from stg_invoices where account_id = 1 and date_issued between date('2021-04-06', '-120 days') and date('2021-04-06', '-1 day')`)
      .pluck()
      .get();
    expect((get.get(1) as { num_inv_120d: number }).num_inv_120d).toBe(within);
    expect(db.$client.prepare(`select date_issued from stg_invoices where invoice_id = 10`).pluck().get()).toBe("2020-12-07");
    // Invoice 6 took exactly 30 days to pay: on time.
    expect((get.get(6) as { is_late: number }).is_late).toBe(0);
    // Invoice 1: issued 2021-04-06, paid 2021-05-11 (35 days): late.
    expect(get.get(1)).toMatchObject({ date_issued: "2021-04-06", is_late: 1 });
  });

  it("labels invoices by what was known at an earlier as-of date", async () => {
    const file = path.join(tempDir(), "asof.csv");
    const { rows } = await exportFeatures(db, file, { asOf: "2020-12-31" });
    const expected = computeExpected("2020-12-31");
    const exported = exportedRows(file);
    expect(rows).toBe(exported.length);
    expect(exported.every((r) => expected.get(r.id)!.late === r.late)).toBe(true);
    // Paid in January 2021 but not yet at the end of 2020, and younger than 31 days: unknown then.
    expect(exported.some((r) => r.late === null)).toBe(true);
    expect(rows).toBe(readCsvObjects(path.join(realExtractsDir, "invoices.csv")).filter((i) => i.date_issued! <= "2020-12-31").length);
  });

  it("keeps the grain of every staging table and model: one row per key, no null keys", () => {
    const staging = [
      { name: "stg_accounts", grain: ["account_id"] },
      { name: "stg_skus", grain: ["item_id"] },
      { name: "stg_invoices", grain: ["invoice_id"] },
      { name: "stg_invoice_line_items", grain: ["invoice_id", "item_id"] },
    ];
    for (const { name, grain } of [...staging, ...models]) {
      const stats = db.$client
        .prepare(`select count(*) as n, (select count(*) from (select distinct ${grain.join(", ")} from ${name})) as distinct_keys from ${name}`)
        .get() as { n: number; distinct_keys: number };
      expect(stats.n, name).toBeGreaterThan(0);
      expect(stats.distinct_keys, `${name} is unique on ${grain.join(", ")}`).toBe(stats.n);
      const nulls = db.$client.prepare(`select count(*) from ${name} where ${grain.map((k) => `${k} is null`).join(" or ")}`).pluck().get();
      expect(nulls, `${name} has null keys`).toBe(0);
    }
    const invoiceCount = db.$client.prepare(`select count(*) from stg_invoices`).pluck().get();
    for (const name of ["mart_invoices", "int_invoices_sequenced", "mart_invoice_features"]) {
      expect(db.$client.prepare(`select count(*) from ${name}`).pluck().get(), name).toBe(invoiceCount);
    }
    // Relationships: every mart row belongs to a known account, every line to a known invoice.
    expect(db.$client.prepare(`select count(*) from mart_invoice_features where acct_id not in (select account_id from stg_accounts)`).pluck().get()).toBe(0);
    expect(db.$client.prepare(`select count(*) from stg_invoice_line_items where invoice_id not in (select invoice_id from stg_invoices)`).pluck().get()).toBe(0);
    // Every index the migrations define is back after the load and the builds dropped them.
    const schema = (d: Db) => d.$client.prepare(`select name, sql from sqlite_master where type = 'index' order by name`).all();
    expect(schema(db)).toEqual(schema(openDb(":memory:")));
    // Accepted values: the label is 0, 1 or unknown.
    expect(db.$client.prepare(`select count(*) from mart_invoice_features where is_late not in (0, 1)`).pluck().get()).toBe(0);
  });

  it("stores money as exact integer cents", () => {
    const sku = db.$client.prepare(`select item_cost_price_cents, item_retail_price_cents from stg_skus where item_id = '0-493-95641-7'`).get();
    expect(sku).toEqual({ item_cost_price_cents: 417651, item_retail_price_cents: 754617 });
  });
});

describe("reading large files on a second thread", () => {
  it("stores the same rows and file records as reading them on the import's own thread", async () => {
    const here = tempDb().db;
    const threaded = tempDb().db;
    const a = await importExtracts(here, realSources, { parallelReadBytes: Number.POSITIVE_INFINITY });
    const b = await importExtracts(threaded, realSources, { parallelReadBytes: 0 });
    expect(b.status).toBe("accepted");
    expect(b.files).toEqual(a.files);
    expect(dataFingerprint(threaded)).toBe(dataFingerprint(here));
  });
});

describe("file format variations", () => {
  it("gives identical features for BOM, CRLF and reordered-column copies of the real files", async () => {
    const variant = tempDir();
    for (const kind of fileKinds) {
      const rows = readCsvObjects(path.join(realExtractsDir, fileSpecs[kind].fileName));
      const columns = [...fileSpecs[kind].columns].reverse();
      const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""').replace(/\n/g, "\r\n")}"` : v);
      const body = [columns.join(","), ...rows.map((r) => columns.map((c) => quote(r[c] ?? "")).join(","))].join("\r\n");
      fs.writeFileSync(path.join(variant, fileSpecs[kind].fileName), "\uFEFF" + body + "\r\n");
    }
    const original = tempDb().db;
    const changed = tempDb().db;
    await importExtracts(original, realSources);
    const result = await importExtracts(changed, fileKinds.map((kind) => ({ kind, path: path.join(variant, fileSpecs[kind].fileName) })));
    expect(result.status).toBe("accepted");
    const features = (db: Db) => db.$client.prepare(`select * from mart_invoice_features order by inv_id`).raw().all();
    expect(features(changed)).toEqual(features(original));
    // The address keeps its embedded line break.
    const address = (db: Db) => db.$client.prepare(`select company_address from stg_accounts where account_id = 1`).pluck().get();
    expect(address(original)).toBe("114 York Fork\nNorth Shelbyborough, SD 08296");
    expect(address(changed)).toBe("114 York Fork\r\nNorth Shelbyborough, SD 08296");
  });
});
