import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Db } from "../lib/db/client";
import { applyChanges, type RowChange } from "./apply-changes";
import { fileKinds, fileSpecs } from "./extract/file-specs";
import { rowSchemas } from "./extract/row-schemas";
import { importExtracts } from "./import-extracts";
import { buildModels } from "./models/build-models";
import { models } from "./models/dag";
import { readCsvObjects, realExtractsDir, tempDb } from "./test-support";

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
      // an invoice is deleted, and a new invoice moves the data cut-off forward a day.
      { kind: "invoices", op: "upsert", row: { invoiceId: 2, accountId: 1, dateIssued: "2020-09-25", paymentDate: "2020-11-30" } },
      { kind: "invoices", op: "upsert", row: { invoiceId: 3, accountId: 7, dateIssued: "2020-08-15", paymentDate: "2020-09-13" } },
      { kind: "invoice_line_items", op: "upsert", row: { invoiceId: 4, itemId: "0-7127-8604-X", quantity: 4 } },
      { kind: "invoices", op: "delete", key: 100 },
      { kind: "invoices", op: "upsert", row: { invoiceId: 20_000, accountId: 9, dateIssued: "2021-05-13", paymentDate: null } },
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
