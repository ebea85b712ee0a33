import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "../../lib/db/client";
import { featureColumns } from "../export-features";
import { fileKinds, fileSpecs } from "../../lib/imports/file-specs";
import { importExtracts } from "../import/import-extracts";
import { buildModels } from "../sql-models/build-models";
import { realExtractsDir, tempDb } from "../test-support";

/*
 * The leakage test: rebuild the data as it stood just after an invoice's issue
 * date (later invoices dropped, later payments blanked) and the invoice's features must come
 * out identical. The label (is_late) is the only column allowed to differ.
 */

const featuresOnly = featureColumns.filter((c) => c !== "is_late");

/** Every n-th distinct issue date of the real extracts, and the last one. */
function sampleDates(db: Db, count: number): string[] {
  const dates = db.$client.prepare(`select distinct date_issued from stg_invoices order by 1`).pluck().all() as string[];
  const step = Math.max(1, Math.floor(dates.length / count));
  return [...new Set([...dates.filter((_, i) => i % step === step - 1), dates.at(-1)!])];
}

/** A fresh database holding the staging rows as they stood at the end of `day`, models rebuilt. */
function truncatedAt(sourceFile: string, day: string): Db {
  const db = openDb(":memory:");
  const s = db.$client;
  s.prepare(`attach database ? as src`).run(sourceFile);
  s.exec(`insert into stg_accounts select * from src.stg_accounts`);
  s.exec(`insert into stg_skus select * from src.stg_skus`);
  s.prepare(
    `insert into stg_invoices (invoice_id, account_id, date_issued, payment_date, import_id, source_line)
     select invoice_id, account_id, date_issued, case when payment_date > @day then null else payment_date end, import_id, source_line
     from src.stg_invoices where date_issued <= @day`,
  ).run({ day });
  s.exec(`insert into stg_invoice_line_items select * from src.stg_invoice_line_items where invoice_id in (select invoice_id from main.stg_invoices)`);
  s.exec(`detach database src`);
  buildModels(s, "all");
  return db;
}

const featuresOn = (db: Db, day: string, columns: readonly string[]) =>
  db.$client.prepare(`select ${columns.join(", ")} from mart_invoice_features where date_issued = ? order by inv_id`).raw().all(day);

describe("point-in-time features on the real extracts", () => {
  let full: Db;
  let fullFile: string;

  beforeAll(async () => {
    ({ db: full, file: fullFile } = tempDb());
    await importExtracts(full, fileKinds.map((kind) => ({ kind, path: path.join(realExtractsDir, fileSpecs[kind].fileName) })));
  });

  it("are identical when rebuilt from the data as it stood on the issue day, for 61 dates across the year", () => {
    const dates = sampleDates(full, 60);
    expect(dates.length).toBeGreaterThanOrEqual(60);
    let checked = 0;
    let labelsDiffer = 0;
    for (const day of dates) {
      const then = truncatedAt(fullFile, day);
      const now = featuresOn(full, day, featuresOnly);
      expect(now.length, day).toBeGreaterThan(0);
      expect(featuresOn(then, day, featuresOnly), `features of invoices issued on ${day}`).toEqual(now);
      // The truncation really hides something: on the issue day no label is known yet.
      labelsDiffer += (featuresOn(then, day, ["is_late"]) as [number | null][]).filter(([late]) => late !== null).length === 0 ? 1 : 0;
      checked += now.length;
      then.$client.close();
    }
    expect(checked).toBeGreaterThan(1_400);
    expect(labelsDiffer).toBe(dates.length);
  });

  it("would catch a leaky feature: the account's final late share differs between the two builds", () => {
    const leaky = `select avg(coalesce(is_late, 0)) from mart_invoice_features where acct_id in
      (select acct_id from mart_invoice_features where date_issued = ?) group by acct_id order by acct_id`;
    const day = sampleDates(full, 35)[10]!;
    const then = truncatedAt(fullFile, day);
    expect(then.$client.prepare(leaky).pluck().all(day)).not.toEqual(full.$client.prepare(leaky).pluck().all(day));
    then.$client.close();
  });
});
