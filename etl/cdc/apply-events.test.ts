import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Db } from "../../lib/db/client";
import { fileKinds, fileSpecs, type FileKind } from "../../lib/imports/file-specs";
import { importExtracts } from "../import/import-extracts";
import { buildModels } from "../sql-models/build-models";
import { models } from "../sql-models/dag";
import { importFixture, readCsvObjects, realExtractsDir, tempDb } from "../test-support";
import { applyDebeziumEvents, ChangeEventImport } from "./apply-events";
import { bareEvent, day, schemaChange, transactionMarker, wrappedEvent, type EventAt } from "./test-events";

function snapshot(db: Db, table: string, key: string) {
  // Lineage (import and line) differs by design between the two load paths; the data must not.
  return (db.$client.prepare(`select * from ${table} order by ${key}`).all() as Record<string, unknown>[]).map(
    ({ import_id: _import, source_line: _line, ...row }) => row,
  );
}

const stagingTables = [
  ["stg_accounts", "account_id"],
  ["stg_skus", "item_id"],
  ["stg_invoices", "invoice_id"],
  ["stg_invoice_line_items", "invoice_id, item_id"],
] as const;

async function realStore(): Promise<Db> {
  const { db } = tempDb();
  await importExtracts(db, fileKinds.map((kind) => ({ kind, path: path.join(realExtractsDir, fileSpecs[kind].fileName) })));
  return db;
}

/** Base64 of a price's unscaled big-endian two's-complement integer: precise mode. */
function precise(dollars: string): string {
  const [whole, fraction = ""] = dollars.split(".");
  let hex = BigInt(`${whole}${fraction.padEnd(2, "0")}`).toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (Number.parseInt(hex[0]!, 16) >= 8) hex = `00${hex}`;
  return Buffer.from(hex, "hex").toString("base64");
}

/** A CSV row of the real extracts as the MySQL connector's row image. */
function imageOf(kind: FileKind, raw: Record<string, string>): Record<string, unknown> {
  const blank = (v: string | undefined) => (v === "" || v === undefined ? null : v);
  switch (kind) {
    case "accounts":
      return { ...raw, account_id: Number(raw.account_id), joining_date: day(raw.joining_date!), company_address: blank(raw.company_address), gender: blank(raw.gender) };
    case "skus":
      return { ...raw, item_description: blank(raw.item_description), item_cost_price: precise(raw.item_cost_price!), item_retail_price: precise(raw.item_retail_price!) };
    case "invoices":
      return { invoice_id: Number(raw.invoice_id), account_id: Number(raw.account_id), date_issued: day(raw.date_issued!), payment_dates: blank(raw.payment_dates) };
    case "invoice_line_items":
      return { invoice_id: Number(raw.invoice_id), item_id: raw.item_id, quantity: Number(raw.quantity) };
  }
}

const count = (db: Db, sql: string, ...params: unknown[]) => db.$client.prepare(sql).pluck().get(...params) as number;
const invoiceTotal = (db: Db, id: number) => db.$client.prepare(`select line_count as lines, total_cents as total from mart_invoices where invoice_id = ?`).get(id);

describe("applying Debezium events", () => {
  it("builds from a snapshot, line items before their invoices and SKUs, the same store as importing the same rows", async () => {
    const rows = Object.fromEntries(fileKinds.map((k) => [k, readCsvObjects(path.join(realExtractsDir, fileSpecs[k].fileName))])) as Record<FileKind, Record<string, string>[]>;
    const accounts = new Set(["1", "2", "3"]);
    rows.accounts = rows.accounts.filter((r) => accounts.has(r.account_id!));
    rows.invoices = rows.invoices.filter((r) => accounts.has(r.account_id!));
    const invoices = new Set(rows.invoices.map((r) => r.invoice_id));
    rows.invoice_line_items = rows.invoice_line_items.filter((r) => invoices.has(r.invoice_id));
    const expected = await importFixture(
      Object.fromEntries(fileKinds.map((k) => [fileSpecs[k].fileName, [fileSpecs[k].columns as unknown as string[], ...rows[k].map((r) => fileSpecs[k].columns.map((c) => r[c]!))]])),
    );

    // A snapshot reads tables in name order, every row at the binlog position it started from.
    const at: EventAt = { file: "mysql-bin.000002", pos: 1540, snapshot: "true" };
    const byName = [...fileKinds].sort();
    const events = byName.flatMap((kind) => rows[kind].map((raw) => bareEvent(kind, "r", null, imageOf(kind, raw), at)));
    const { db } = tempDb();
    const first = applyDebeziumEvents(db, events);
    expect(first).toMatchObject({ applied: events.length, skipped: 0, ignored: 0, rejected: 0, waitingLines: 0 });
    for (const [table, key] of stagingTables) expect(snapshot(db, table, key), table).toEqual(snapshot(expected, table, key));
    for (const m of models) expect(snapshot(db, m.name, m.grain.join(", ")), m.name).toEqual(snapshot(expected, m.name, m.grain.join(", ")));

    // Delivered again after a restart: nothing applies twice.
    expect(applyDebeziumEvents(db, events)).toMatchObject({ applied: 0, skipped: events.length, rejected: 0, waitingLines: 0 });
    expect(snapshot(db, "mart_invoices", "invoice_id")).toEqual(snapshot(expected, "mart_invoices", "invoice_id"));
  });

  it("applies a live stream in binlog order, once, and gives the same counts when it is delivered again", async () => {
    const db = await realStore();
    const sku = "0-7127-8604-X";
    const price = db.$client.prepare(`select item_retail_price_cents from stg_skus where item_id = ?`).pluck().get(sku) as number;
    const invoice1 = invoiceTotal(db, 1);
    const fresh = { invoice_id: 20_001, account_id: 9, date_issued: day("2021-05-12"), payment_dates: null };
    const stream = [
      transactionMarker("BEGIN", 1000),
      // The lines are written before their invoice header in this transaction.
      bareEvent("invoice_line_items", "c", null, { invoice_id: 20_001, item_id: sku, quantity: 2 }, { pos: 1100 }),
      bareEvent("invoice_line_items", "c", null, { invoice_id: 20_001, item_id: "0-365-25576-9", quantity: 1 }, { pos: 1100, row: 1 }),
      bareEvent("invoices", "c", null, fresh, { pos: 1200 }),
      transactionMarker("END", 1000),
      // A catalogue price change, schema-wrapped with a precise decimal: issued lines keep their price.
      wrappedEvent("skus", "u", null, { item_id: sku, item_name: "Renamed", item_description: null, item_cost_price: precise("1.00"), item_retail_price: precise("7546.17") }, { pos: 1300 }),
      bareEvent("invoices", "u", fresh, { ...fresh, payment_dates: "2021-06-01" }, { pos: 1400 }),
      // Byte-identical duplicate, then a redelivery after a restart with new timestamps.
      bareEvent("invoices", "u", fresh, { ...fresh, payment_dates: "2021-06-01" }, { pos: 1400 }),
      bareEvent("invoices", "u", fresh, { ...fresh, payment_dates: "2021-06-01" }, { pos: 1400, tsMs: 1_800_000_000_000 }, 1_800_000_000_500),
      null,
      schemaChange(1450),
      bareEvent("payments", "c", null, { payment_id: 1 }, { pos: 1500 }),
      // The binlog rotates: pos restarts, yet the new file's events are later.
      bareEvent("invoices", "d", { invoice_id: 100, account_id: 1, date_issued: day("2020-06-01"), payment_dates: "2020-07-01" }, null, { file: "mysql-bin.000004", pos: 4 }),
      bareEvent("invoices", "u", null, { ...fresh, payment_dates: "2021-06-20" }, { file: "mysql-bin.000004", pos: 120 }),
      // A stale change from the old file arrives late: the row has moved past it.
      bareEvent("invoices", "u", null, { ...fresh, payment_dates: "2021-06-02" }, { pos: 99_000 }),
      // The same line again in a later event: a quantity change, at the price frozen when it first loaded.
      bareEvent("invoice_line_items", "u", null, { invoice_id: 20_001, item_id: sku, quantity: 3 }, { file: "mysql-bin.000004", pos: 200 }),
    ];

    const first = applyDebeziumEvents(db, stream);
    expect(first).toMatchObject({ applied: 8, skipped: 3, ignored: 4, rejected: 1, waitingLines: 0 });
    expect(first.errors).toEqual([
      {
        index: 11,
        table: "payments",
        position: { binlogFile: "mysql-bin.000003", fileNumber: 3, pos: 1500, row: 0 },
        field: "source.table",
        value: "payments",
        reason: "unknown table payments: this consumer takes accounts, skus, invoices, invoice_line_items",
      },
    ]);
    const state = () => ({
      fresh: db.$client.prepare(`select payment_date from stg_invoices where invoice_id = 20001`).pluck().get(),
      lines: db.$client.prepare(`select item_id, quantity, unit_price_cents from stg_invoice_line_items where invoice_id = 20001 order by item_id`).all(),
      deleted: count(db, `select count(*) from mart_invoices where invoice_id = 100`),
      invoice1: invoiceTotal(db, 1),
      rejects: db.$client.prepare(`select table_name, binlog_file, pos, "row", field, reason from cdc_rejects`).all(),
      positions: count(db, `select count(*) from cdc_positions`),
    });
    const after = state();
    expect(after).toMatchObject({ fresh: "2021-06-20", deleted: 0, invoice1, positions: 5 });
    expect(after.lines).toEqual([
      { item_id: "0-365-25576-9", quantity: 1, unit_price_cents: expect.any(Number) },
      { item_id: sku, quantity: 3, unit_price_cents: price },
    ]);
    expect(after.rejects).toEqual([{ table_name: "payments", binlog_file: "mysql-bin.000003", pos: 1500, row: 0, field: "source.table", reason: expect.stringContaining("unknown table") }]);
    expect(invoiceTotal(db, 20_001)).toEqual({ lines: 2, total: 3 * price + (after.lines as { unit_price_cents: number }[])[0]!.unit_price_cents });
    // A line added after the price change is priced at the new catalogue price.
    const other = count(db, `select min(invoice_id) from stg_invoices where invoice_id not in (select invoice_id from stg_invoice_line_items where item_id = ?)`, sku);
    applyDebeziumEvents(db, [bareEvent("invoice_line_items", "c", null, { invoice_id: other, item_id: sku, quantity: 1 }, { file: "mysql-bin.000004", pos: 300 })]);
    expect(db.$client.prepare(`select unit_price_cents from stg_invoice_line_items where invoice_id = ? and item_id = ?`).pluck().get(other, sku)).toBe(754_617);
    expect(price).not.toBe(754_617);

    // The per-event scoped builds left the marts as a full rebuild makes them.
    const scoped = Object.fromEntries(models.map((m) => [m.name, snapshot(db, m.name, m.grain.join(", "))]));
    buildModels(db.$client, "all");
    for (const m of models) expect(scoped[m.name], m.name).toEqual(snapshot(db, m.name, m.grain.join(", ")));

    const again = applyDebeziumEvents(db, stream);
    expect(again).toMatchObject({ applied: 0, skipped: 12, ignored: 4, rejected: 0, waitingLines: 0, errors: [] });
    expect({ ...state(), positions: 5 }).toEqual(after);
  });

  it("keeps a line whose invoice has not arrived, and counts it when the invoice does", async () => {
    const db = await realStore();
    const line = bareEvent("invoice_line_items", "c", null, { invoice_id: 30_000, item_id: "0-7127-8604-X", quantity: 2 }, { pos: 10 });
    expect(applyDebeziumEvents(db, [line])).toMatchObject({ applied: 1, waitingLines: 1 });
    expect(count(db, `select count(*) from stg_invoice_line_items where invoice_id = 30000`)).toBe(0);
    const price = db.$client.prepare(`select item_retail_price_cents from stg_skus where item_id = '0-7127-8604-X'`).pluck().get() as number;
    const header = bareEvent("invoices", "c", null, { invoice_id: 30_000, account_id: 4, date_issued: day("2021-05-12"), payment_dates: null }, { pos: 20 });
    expect(applyDebeziumEvents(db, [header])).toMatchObject({ applied: 1, waitingLines: 0 });
    expect(invoiceTotal(db, 30_000)).toEqual({ lines: 1, total: 2 * price });
    // An invoice refused for an unknown account leaves its waiting lines waiting, recorded with its position.
    applyDebeziumEvents(db, [bareEvent("invoice_line_items", "c", null, { invoice_id: 30_001, item_id: "0-7127-8604-X", quantity: 1 }, { pos: 30 })]);
    const orphan = applyDebeziumEvents(db, [bareEvent("invoices", "c", null, { invoice_id: 30_001, account_id: 999, date_issued: day("2021-05-12"), payment_dates: null }, { pos: 40 })]);
    expect(orphan).toMatchObject({ applied: 0, rejected: 1, waitingLines: 1 });
    expect(orphan.errors[0]).toMatchObject({ table: "invoices", field: "account_id", reason: "failed validation: account_id: unknown account 999", position: { pos: 40 } });
    // Its delete takes the waiting lines with it.
    applyDebeziumEvents(db, [bareEvent("invoices", "d", { invoice_id: 30_001, account_id: 999, date_issued: day("2021-05-12"), payment_dates: null }, null, { pos: 50 })]);
    expect(count(db, `select count(*) from cdc_pending_lines`)).toBe(0);
  });

  it("counts every rejected event that has no position, as none can be told from another", () => {
    const { db } = tempDb();
    const noPosition = { op: "c", after: { invoice_id: 1 }, source: { table: "invoices" } };
    expect(applyDebeziumEvents(db, [noPosition, "not an event", noPosition, "not an event"])).toMatchObject({ rejected: 4, skipped: 0 });
    expect(count(db, `select count(*) from cdc_rejects`)).toBe(4);
  });

  it("logs one import per call however many events it applies, none for a call that changes nothing, and one for a replay's many calls", async () => {
    const db = await realStore();
    const imports = () => db.$client.prepare(`select import_id as importId, source, status, started_by as startedBy, finished_at as finishedAt, duration_ms as durationMs from etl_imports where source = 'cdc' order by import_id`).all() as { importId: number; finishedAt: string | null }[];
    const payment = (invoiceId: number, paid: string, pos: number) => bareEvent("invoices", "u", null, { invoice_id: invoiceId, account_id: 1, date_issued: day("2021-04-06"), payment_dates: paid }, { pos });
    const request = [transactionMarker("BEGIN", 5), payment(1, "2021-05-20", 10), payment(2, "2021-05-21", 20), null, payment(3, "2021-05-22", 30)];
    expect(applyDebeziumEvents(db, request, { startedBy: "debezium" })).toMatchObject({ applied: 3 });
    const [logged] = imports();
    expect(imports()).toEqual([{ importId: logged!.importId, source: "cdc", status: "accepted", startedBy: "debezium", finishedAt: expect.any(String), durationMs: expect.any(Number) }]);
    const importsOfRows = db.$client.prepare(`select distinct import_id from stg_invoices where invoice_id in (1, 2, 3)`).pluck().all();
    expect(importsOfRows).toEqual([logged!.importId]);

    // Delivered again: every event is a duplicate, nothing reached staging, nothing is logged.
    expect(applyDebeziumEvents(db, request)).toMatchObject({ applied: 0, skipped: 3 });
    expect(imports()).toHaveLength(1);

    // A replay hands its import to every call and finishes it itself.
    const replay = new ChangeEventImport(db, "cdc replay");
    applyDebeziumEvents(db, [payment(1, "2021-05-23", 40)], { changeImport: replay });
    applyDebeziumEvents(db, [payment(2, "2021-05-24", 50), payment(3, "2021-05-25", 60)], { changeImport: replay });
    const replayed = replay.id;
    expect(imports()).toHaveLength(2);
    expect(imports()[1]).toMatchObject({ importId: replayed, startedBy: "cdc replay", finishedAt: null });
    replay.finish();
    expect(imports()[1]).toMatchObject({ importId: replayed, finishedAt: expect.any(String), durationMs: expect.any(Number) });
  });

  it("starts a new import when another import was logged in the middle of a replay, so the later events come after it", async () => {
    const db = await realStore();
    const payment = (paid: string, pos: number) => bareEvent("invoices", "u", null, { invoice_id: 1, account_id: 1, date_issued: day("2021-04-06"), payment_dates: paid }, { pos });
    const replay = new ChangeEventImport(db, "cdc replay");
    applyDebeziumEvents(db, [payment("2021-05-20", 10)], { changeImport: replay });
    const first = replay.id!;
    // An import from the command line (or an upload's worker) commits between two events.
    const other = db.$client.prepare(`insert into etl_imports (source, mode, status, max_reject_rate) values ('cli', 'merge', 'accepted', 0.01) returning import_id`).pluck().get() as number;
    applyDebeziumEvents(db, [payment("2021-05-21", 20)], { changeImport: replay });
    applyDebeziumEvents(db, [payment("2021-05-22", 30)], { changeImport: replay });
    const second = replay.id!;
    replay.finish();
    expect(second).toBeGreaterThan(other);
    expect(db.$client.prepare(`select import_id, finished_at is not null as finished from etl_imports where source = 'cdc' order by import_id`).all()).toEqual([
      { import_id: first, finished: 1 },
      { import_id: second, finished: 1 },
    ]);
    expect(db.$client.prepare(`select import_id from stg_invoices where invoice_id = 1`).pluck().get()).toBe(second);
  });

  it("commits an event's row, its models and its position together, or none of them", async () => {
    const db = await realStore();
    const before = { invoice: invoiceTotal(db, 1), paid: db.$client.prepare(`select payment_date from mart_invoices where invoice_id = 1`).pluck().get() };
    const payment = bareEvent("invoices", "u", null, { invoice_id: 1, account_id: 1, date_issued: day("2021-04-06"), payment_dates: "2021-05-20" }, { pos: 10 });
    db.$client.exec(`create trigger fail_position before insert on cdc_positions begin select raise(abort, 'disk full'); end`);
    expect(() => applyDebeziumEvents(db, [payment])).toThrow("disk full");
    expect(db.$client.prepare(`select payment_date from stg_invoices where invoice_id = 1`).pluck().get()).toBe(before.paid);
    expect(db.$client.prepare(`select payment_date from mart_invoices where invoice_id = 1`).pluck().get()).toBe(before.paid);
    expect(count(db, `select count(*) from etl_imports where source = 'cdc'`)).toBe(0);
    expect(count(db, `select count(*) from cdc_table_stats`)).toBe(0);
    // Delivered again once the fault is gone, it applies, and is counted once.
    db.$client.exec(`drop trigger fail_position`);
    expect(applyDebeziumEvents(db, [payment])).toMatchObject({ applied: 1 });
    expect(db.$client.prepare(`select table_name, applied, last_pos from cdc_table_stats`).all()).toEqual([{ table_name: "invoices", applied: 1, last_pos: 10 }]);
    expect(db.$client.prepare(`select payment_date from mart_invoices where invoice_id = 1`).pluck().get()).toBe("2021-05-20");
  });
});
