import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { applyDebeziumEvents } from "../../etl/cdc/apply-events";
import { eventsOf } from "../../etl/cdc/debezium-event";
import { bareEvent, day } from "../../etl/cdc/test-events";
import { importAllExtracts, tempDb } from "../../etl/test-support";
import { getCdcLag, getCdcRejects, getCdcTables } from "./cdc";

const fixture = path.resolve(import.meta.dirname, "../../etl/cdc/fixtures/debezium-events.jsonl");
const fixtureEvents = () =>
  fs
    .readFileSync(fixture, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .flatMap((line) => eventsOf(JSON.parse(line)));

async function replayedStore() {
  const { db } = tempDb();
  await importAllExtracts(db);
  expect(applyDebeziumEvents(db, fixtureEvents())).toMatchObject({ applied: 9, skipped: 2, ignored: 5, rejected: 1 });
  return db;
}

const at = (file: string, pos: number, tsMs: number) => ({ lastPosition: { binlogFile: file, pos, row: 0 }, lastEventAt: new Date(tsMs).toISOString() });
const never = { lastPosition: null, lastEventAt: null, lastAppliedAt: null };

describe("the change-event consumer's state", () => {
  it("is empty before the first event, with no lag to report", () => {
    const { db } = tempDb();
    expect(getCdcTables(db)).toEqual([]);
    expect(getCdcRejects(20, db)).toEqual({ rows: [], total: 0 });
    expect(getCdcLag(db)).toEqual({ lastEventAt: null, lagMs: null });
  });

  it("counts the fixture's events per table, with the last position applied to each", async () => {
    const db = await replayedStore();
    const stamps = { lastAppliedAt: expect.any(String), lastReceivedAt: expect.any(String) };
    expect(getCdcTables(db)).toEqual([
      { tableName: "accounts", applied: 1, skipped: 0, ignored: 0, rejected: 0, ...at("mysql-bin.000002", 1540, 1_720_000_001_540), ...stamps },
      // Both lines waited for a parent, which counts as applied; the last came in the transaction at 400.
      { tableName: "invoice_line_items", applied: 2, skipped: 0, ignored: 0, rejected: 0, ...at("mysql-bin.000003", 400, 1_720_000_000_400), ...stamps },
      // The duplicate and the redelivery were skipped; the delete after the binlog rotated came last.
      { tableName: "invoices", applied: 4, skipped: 2, ignored: 0, rejected: 0, ...at("mysql-bin.000004", 4, 1_720_000_000_004), ...stamps },
      { tableName: "payments", applied: 0, skipped: 0, ignored: 0, rejected: 1, ...never, lastReceivedAt: expect.any(String) },
      { tableName: "skus", applied: 2, skipped: 0, ignored: 0, rejected: 0, ...at("mysql-bin.000003", 600, 1_720_000_000_600), ...stamps },
      // Transaction markers, tombstones and the schema change name no table the consumer loads.
      { tableName: null, applied: 0, skipped: 0, ignored: 5, rejected: 0, ...never, lastReceivedAt: expect.any(String) },
    ]);

    // Replayed again, every event is a duplicate or ignored, and the last positions stay.
    const before = getCdcTables(db);
    applyDebeziumEvents(db, fixtureEvents());
    const again = getCdcTables(db);
    expect(again.map((t) => [t.tableName, t.applied, t.skipped, t.ignored, t.rejected])).toEqual([
      ["accounts", 1, 1, 0, 0],
      ["invoice_line_items", 2, 2, 0, 0],
      ["invoices", 4, 8, 0, 0],
      ["payments", 0, 1, 0, 1],
      ["skus", 2, 2, 0, 0],
      [null, 0, 0, 10, 0],
    ]);
    expect(again.map((t) => [t.lastPosition, t.lastEventAt, t.lastAppliedAt])).toEqual(before.map((t) => [t.lastPosition, t.lastEventAt, t.lastAppliedAt]));
  });

  it("lists the rejected events newest first, with their table, position, field, value and reason", async () => {
    const db = await replayedStore();
    const early = bareEvent("invoices", "u", null, { invoice_id: 41_000, account_id: 201, date_issued: day("2021-05-12"), payment_dates: "2021-01-01" }, { file: "mysql-bin.000004", pos: 200 });
    expect(applyDebeziumEvents(db, [early, { op: "c", after: { invoice_id: 1 }, source: { table: "invoices" } }])).toMatchObject({ rejected: 2 });
    const { rows, total } = getCdcRejects(2, db);
    expect(total).toBe(3);
    expect(rows).toEqual([
      { rejectId: expect.any(Number), receivedAt: expect.any(String), tableName: "invoices", rowKey: null, position: null, op: "c", field: "source.file", value: null, reason: "source.file (the binlog file) is missing" },
      {
        rejectId: expect.any(Number),
        receivedAt: expect.any(String),
        tableName: "invoices",
        rowKey: "41000",
        position: { binlogFile: "mysql-bin.000004", pos: 200, row: 0 },
        op: "u",
        field: "payment_dates",
        value: "2021-01-01",
        reason: "failed validation: payment_dates: payment date 2021-01-01 is before the issue date 2021-05-12",
      },
    ]);
    expect(rows[0]!.rejectId).toBeGreaterThan(rows[1]!.rejectId);
    expect(getCdcRejects(20, db).rows[2]).toMatchObject({ tableName: "payments", position: { binlogFile: "mysql-bin.000004", pos: 100, row: 0 }, field: "source.table", value: "payments" });
    // A reject moves no table's last position.
    expect(getCdcTables(db).find((t) => t.tableName === "invoices")).toMatchObject({ rejected: 2, ...at("mysql-bin.000004", 4, 1_720_000_000_004) });
  });

  it("measures the lag from the newest change applied to any table", async () => {
    const db = await replayedStore();
    // The fixture's snapshot carries the newest source time.
    const newest = 1_720_000_001_540;
    expect(getCdcLag(db, newest + 90_000)).toEqual({ lastEventAt: new Date(newest).toISOString(), lagMs: 90_000 });
    // A server clock a little behind the source's reads as no lag, not a negative one.
    expect(getCdcLag(db, newest - 500)).toEqual({ lastEventAt: new Date(newest).toISOString(), lagMs: 0 });
  });
});
