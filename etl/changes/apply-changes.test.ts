import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Db } from "../../lib/db/client";
import { applyChanges, insertChangeImport, type RowChange } from "./apply-changes";
import { fileKinds, fileSpecs } from "../../lib/imports/file-specs";
import { type AccountRow, rowSchemas } from "../import/extract/row-schemas";
import { importExtracts } from "../import/import-extracts";
import { buildModels } from "../sql-models/build-models";
import { models } from "../sql-models/dag";
import { generateExtracts, DEFAULT_END } from "../generate/generate-extracts";
import { getDataStatus } from "../../lib/queries/status";
import { readCsvObjects, realExtractsDir, tempDb, tempDir } from "../test-support";

function snapshot(db: Db, table: string, key: string) {
  // Lineage (import and line) differs by design between the two load paths; the data must not.
  return (db.$client.prepare(`select * from ${table} order by ${key}`).all() as Record<string, unknown>[]).map(
    ({ import_id: _import, source_line: _line, ...row }) => row,
  );
}

async function bulkLoaded(): Promise<Db> {
  const { db } = tempDb();
  await importExtracts(db, fileKinds.map((kind) => ({ kind, path: path.join(realExtractsDir, fileSpecs[kind].fileName) })));
  return db;
}

/**
 * Generated extracts, which end with invoices still open as a live ledger has them: every
 * invoice in the real extracts is paid by their as-of date, the last payment.
 */
async function generatedLoaded(): Promise<Db> {
  const dir = tempDir();
  await generateExtracts({ outDir: dir, scale: 0.5, seed: 7, end: DEFAULT_END });
  const { db } = tempDb();
  await importExtracts(db, fileKinds.map((kind) => ({ kind, path: path.join(dir, fileSpecs[kind].fileName) })));
  return db;
}

const realChanges = (): RowChange[] =>
  fileKinds.flatMap((kind) =>
    readCsvObjects(path.join(realExtractsDir, fileSpecs[kind].fileName)).map((raw) => ({ kind, op: "upsert", row: rowSchemas[kind].parse(raw) }) as RowChange),
  );

describe("applying change events", () => {
  it("builds the same staging tables and marts as the bulk import, in batches of 5,000 events", async () => {
    const bulk = await bulkLoaded();
    const { db } = tempDb();
    const changes = realChanges();
    for (let i = 0; i < changes.length; i += 5_000) {
      expect(applyChanges(db, changes.slice(i, i + 5_000)).rejects).toEqual([]);
    }
    for (const [table, key] of [
      ["stg_accounts", "account_id"],
      ["stg_skus", "item_id"],
      ["stg_invoices", "invoice_id"],
      ["stg_invoice_line_items", "invoice_id, item_id"],
    ] as const) {
      expect(snapshot(db, table, key), table).toEqual(snapshot(bulk, table, key));
    }
    for (const m of models) expect(snapshot(db, m.name, m.grain.join(", ")), m.name).toEqual(snapshot(bulk, m.name, m.grain.join(", ")));
  });

  it("rebuilds just the affected accounts, with the same result as a full rebuild", async () => {
    const db = await bulkLoaded();
    const result = applyChanges(db, [
      // A payment arrives, an invoice moves to another account, a line changes quantity,
      // an invoice is deleted, and a new invoice moves the data's as-of date forward a day.
      { kind: "invoices", op: "upsert", row: { invoiceId: 2, accountId: 1, dateIssued: "2020-09-25", paymentDate: "2020-11-30" } },
      { kind: "invoices", op: "upsert", row: { invoiceId: 3, accountId: 7, dateIssued: "2020-08-15", paymentDate: "2020-09-13" } },
      { kind: "invoice_line_items", op: "upsert", row: { invoiceId: 4, itemId: "0-7127-8604-X", quantity: 4 } },
      { kind: "invoices", op: "delete", key: 100 },
      { kind: "invoices", op: "upsert", row: { invoiceId: 20_000, accountId: 9, dateIssued: "2021-07-09", paymentDate: null } },
      { kind: "invoice_line_items", op: "upsert", row: { invoiceId: 20_000, itemId: "0-7127-8604-X", quantity: 1 } },
    ]);
    expect(result.rejects).toEqual([]);
    expect(result.affectedAccounts).toEqual(expect.arrayContaining([1, 7, 9]));
    const scoped = Object.fromEntries(models.map((m) => [m.name, snapshot(db, m.name, m.grain.join(", "))]));
    buildModels(db.$client, "all");
    for (const m of models) expect(scoped[m.name], m.name).toEqual(snapshot(db, m.name, m.grain.join(", ")));
    expect(db.$client.prepare(`select is_late from mart_invoice_features where inv_id = 2`).pluck().get()).toBe(1);
    expect(db.$client.prepare(`select count(*) from mart_invoice_features where inv_id = 100`).pluck().get()).toBe(0);
  });

  it("moves the data's as-of date with a payment or an invoice dated after everything else", async () => {
    const db = await bulkLoaded();
    const sqlite = db.$client;
    expect(getDataStatus(db)).toMatchObject({ asOf: "2021-07-08", lastIssued: "2021-05-12" });
    const last = sqlite.prepare(`select invoice_id as invoiceId, account_id as accountId, date_issued as dateIssued from stg_invoices where payment_date = '2021-07-08' limit 1`).get() as {
      invoiceId: number;
      accountId: number;
      dateIssued: string;
    };
    const rebuiltEqualsFull = (batch: RowChange[]) => {
      expect(applyChanges(db, batch).rejects).toEqual([]);
      const scoped = Object.fromEntries(models.map((m) => [m.name, snapshot(db, m.name, m.grain.join(", "))]));
      buildModels(sqlite, "all");
      for (const m of models) expect(scoped[m.name], m.name).toEqual(snapshot(db, m.name, m.grain.join(", ")));
    };
    // A later payment moves the as-of date, not the last issue date; the invoice it pays was open until then.
    rebuiltEqualsFull([{ kind: "invoices", op: "upsert", row: { ...last, paymentDate: "2021-07-20" } }]);
    expect(getDataStatus(db)).toMatchObject({ asOf: "2021-07-20", lastIssued: "2021-05-12" });
    expect(sqlite.prepare(`select is_late from mart_invoice_features where inv_id = ?`).pluck().get(last.invoiceId)).toBe(1);
    // A new unpaid invoice moves both; its outcome is unknown for 30 days.
    rebuiltEqualsFull([{ kind: "invoices", op: "upsert", row: { invoiceId: 60_000, accountId: last.accountId, dateIssued: "2021-07-25", paymentDate: null } }]);
    expect(getDataStatus(db)).toMatchObject({ asOf: "2021-07-25", lastIssued: "2021-07-25" });
    expect(sqlite.prepare(`select is_late from mart_invoice_features where inv_id = 60000`).pluck().get()).toBeNull();
    expect(sqlite.prepare(`select count(*) from mart_invoice_features where is_late is null`).pluck().get()).toBe(1);
  });

  it("relabels only the invoices whose label a moved cut-off can change, forward and back", async () => {
    const db = await generatedLoaded();
    const sqlite = db.$client;
    const invoices = sqlite.prepare(`select count(*) from stg_invoices`).pluck().get() as number;
    const cutoff = getDataStatus(db).asOf!;
    const later = sqlite.prepare(`select date(?, '+40 days')`).pluck().get(cutoff) as string;
    const featureRowsRebuilt = (batch: RowChange[]) => {
      const result = applyChanges(db, batch);
      expect(result.rejects).toEqual([]);
      const scoped = snapshot(db, "mart_invoice_features", "inv_id");
      buildModels(sqlite, "all");
      expect(scoped).toEqual(snapshot(db, "mart_invoice_features", "inv_id"));
      return result.models.find((m) => m.name === "mart_invoice_features")?.rows ?? 0;
    };
    // Forty days on, every invoice open at the old cut-off has a label; older ones keep theirs.
    const forward = featureRowsRebuilt([{ kind: "invoices", op: "upsert", row: { invoiceId: 50_000, accountId: 3, dateIssued: later, paymentDate: null } }]);
    expect(forward).toBeGreaterThan(100);
    expect(forward).toBeLessThan(invoices / 5);
    expect(featureRowsRebuilt([{ kind: "invoices", op: "delete", key: 50_000 }])).toBeGreaterThan(100);
    expect(getDataStatus(db).asOf).toBe(cutoff);
  });

  it("rebuilds the monthly trends only from the first month a batch moved, with the same rows as a full rebuild", async () => {
    const db = await generatedLoaded();
    const sqlite = db.$client;
    const monthly = () => snapshot(db, "mart_receivables_monthly", "month, region");
    const regions = sqlite.prepare(`select count(distinct region) from mart_accounts`).pluck().get() as number;
    const months = sqlite.prepare(`select count(distinct month) from mart_receivables_monthly`).pluck().get() as number;
    const cutoff = getDataStatus(db).asOf!;
    const sku = sqlite.prepare(`select item_id from stg_skus order by item_id limit 1`).pluck().get() as string;
    const rowsRebuilt = (batch: RowChange[]) => {
      const result = applyChanges(db, batch);
      expect(result.rejects).toEqual([]);
      const scoped = monthly();
      buildModels(sqlite, "all");
      expect(scoped).toEqual(monthly());
      return result.models.find((m) => m.name === "mart_receivables_monthly")?.rows;
    };
    type Invoice = { invoice_id: number; account_id: number; date_issued: string };
    // Issued before the month ahead of the cut-off's, and still open at the cut-off: a payment
    // at the cut-off moves its month only.
    const open = sqlite
      .prepare(
        `select invoice_id, account_id, date_issued from stg_invoices
         where payment_date is null and date_issued < date(@cutoff, 'start of month', '-1 month') order by invoice_id limit 1`,
      )
      .get({ cutoff }) as Invoice;
    const paid = { invoiceId: open.invoice_id, accountId: open.account_id, dateIssued: open.date_issued, paymentDate: cutoff };
    expect(rowsRebuilt([{ kind: "invoices", op: "upsert", row: paid }])).toBe(regions);
    // The same invoice re-dated a month earlier moves every month from its new issue date.
    const redated = sqlite.prepare(`select date(?, '-1 month')`).pluck().get(open.date_issued) as string;
    const monthsFromRedated = sqlite.prepare(`select count(distinct month) from mart_receivables_monthly where month >= substr(?, 1, 7)`).pluck().get(redated);
    expect(rowsRebuilt([{ kind: "invoices", op: "upsert", row: { ...paid, dateIssued: redated } }])).toBe((monthsFromRedated as number) * regions);
    // A catalogue price change reprices no issued line, so no month moves.
    expect(rowsRebuilt([{ kind: "skus", op: "upsert", row: { itemId: sku, itemName: "x", itemDescription: null, itemCostPriceCents: 1, itemRetailPriceCents: 2 } }])).toBe(0);
    // An account that moves to another region moves its invoices in every month.
    const account = sqlite
      .prepare(
        `select account_id as accountId, company_name as companyName, contact_person as contactPerson,
                contact_phone as contactPhone, gender, joining_date as joiningDate
         from stg_accounts where account_id = ?`,
      )
      .get(open.account_id) as Omit<AccountRow, "companyAddress">;
    const region = () => sqlite.prepare(`select region from mart_accounts where account_id = ?`).pluck().get(open.account_id);
    const regionBefore = region();
    const moved = { ...account, companyAddress: "1 Main St\nPortland, OR 97201" };
    expect(rowsRebuilt([{ kind: "accounts", op: "upsert", row: moved }])).toBe(months * regions);
    expect(region()).not.toBe(regionBefore);
  });

  it("rejects an event that breaks a rule and applies the rest", async () => {
    const db = await bulkLoaded();
    const result = applyChanges(db, [
      { kind: "invoice_line_items", op: "upsert", row: { invoiceId: 1, itemId: "no-such-sku", quantity: 1 } },
      { kind: "invoices", op: "upsert", row: { invoiceId: 30_000, accountId: 1, dateIssued: "2021-01-01", paymentDate: null } },
    ]);
    expect(result.rejects).toEqual([{ index: 0, kind: "invoice_line_items", column: "item_id", value: "no-such-sku", reason: "unknown SKU no-such-sku" }]);
    expect(result.applied).toBe(1);
    expect(db.$client.prepare(`select count(*) from mart_invoice_features where inv_id = 30000`).pluck().get()).toBe(1);
  });

  it("logs each batch as a finished cdc import, or loads it under the import the caller gives", async () => {
    const db = await bulkLoaded();
    const imports = () => db.$client.prepare(`select import_id, source, status, started_by, finished_at is not null as finished from etl_imports where source = 'cdc' order by import_id`).all();
    const invoice = (invoiceId: number): RowChange => ({ kind: "invoices", op: "upsert", row: { invoiceId, accountId: 1, dateIssued: "2021-01-01", paymentDate: null } });
    const importOf = (invoiceId: number) => db.$client.prepare(`select import_id from stg_invoices where invoice_id = ?`).pluck().get(invoiceId);
    applyChanges(db, [invoice(30_001)], { startedBy: "ops" });
    const [own] = imports() as { import_id: number }[];
    expect(own).toMatchObject({ source: "cdc", status: "accepted", started_by: "ops", finished: 1 });
    expect(importOf(30_001)).toBe(own!.import_id);

    const given = insertChangeImport(db, "a consumer");
    applyChanges(db, [invoice(30_002)], { importId: given });
    applyChanges(db, [invoice(30_003)], { importId: given });
    // A later change to a row loaded under the same import is a change, not a duplicate key.
    const paid: RowChange = { kind: "invoices", op: "upsert", row: { invoiceId: 30_002, accountId: 1, dateIssued: "2021-01-01", paymentDate: "2021-02-01" } };
    expect(applyChanges(db, [paid], { importId: given }).rejects).toEqual([]);
    expect(db.$client.prepare(`select payment_date from stg_invoices where invoice_id = 30002`).pluck().get()).toBe("2021-02-01");
    // The caller finishes its import; applyChanges neither logs another nor touches it.
    expect(imports()).toEqual([own, { import_id: given, source: "cdc", status: "accepted", started_by: "a consumer", finished: 0 }]);
    expect([importOf(30_002), importOf(30_003)]).toEqual([given, given]);
  });

  it("never reprices a line already loaded when the catalogue changes", async () => {
    const db = await bulkLoaded();
    const price = `select unit_price_cents, quantity from stg_invoice_line_items where invoice_id = 1 and item_id = '0-7127-8604-X'`;
    const before = db.$client.prepare(price).get() as { unit_price_cents: number };
    applyChanges(db, [
      { kind: "skus", op: "upsert", row: { itemId: "0-7127-8604-X", itemName: "x", itemDescription: null, itemCostPriceCents: 1, itemRetailPriceCents: 2 } },
      { kind: "invoice_line_items", op: "upsert", row: { invoiceId: 1, itemId: "0-7127-8604-X", quantity: 1 } },
    ]);
    expect(db.$client.prepare(price).get()).toEqual({ unit_price_cents: before.unit_price_cents, quantity: 1 });
  });
});
