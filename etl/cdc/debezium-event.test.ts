import { describe, expect, it } from "vitest";
import { binlogFileNumber, comparePositions, decodeDebeziumEvent, decodePreciseDecimal, eventsOf } from "./debezium-event";
import { bareEvent, day, schemaChange, transactionMarker, wrappedEvent } from "./test-events";

const sku = { item_id: "0-493-95641-7", item_name: "Up-sized national Graphical User Interface", item_description: null, item_cost_price: "Bl9z", item_retail_price: "C4O5" };
const invoice = { invoice_id: 12, account_id: 3, date_issued: day("2021-05-12"), payment_dates: null };

describe("decoding Debezium MySQL events", () => {
  it("reads a precise-mode decimal from a wrapped event, with the scale from the schema", () => {
    const decoded = decodeDebeziumEvent(wrappedEvent("skus", "c", null, sku, { pos: 900 }));
    expect(decoded).toMatchObject({
      outcome: "change",
      table: "skus",
      op: "c",
      rowKey: '"0-493-95641-7"',
      position: { binlogFile: "mysql-bin.000003", fileNumber: 3, pos: 900, row: 0 },
      change: { kind: "skus", op: "upsert", row: { itemId: "0-493-95641-7", itemCostPriceCents: 417_651, itemRetailPriceCents: 754_617, itemDescription: null } },
    });
  });

  it("reads the same decimal from a bare event at the price columns' scale of 2, and in string and double mode", () => {
    for (const retail of ["C4O5", "7546.17", 7546.17]) {
      const decoded = decodeDebeziumEvent(bareEvent("skus", "u", null, { ...sku, item_cost_price: "4176.51", item_retail_price: retail }, { pos: 901 }));
      expect(decoded, String(retail)).toMatchObject({ outcome: "change", change: { row: { itemCostPriceCents: 417_651, itemRetailPriceCents: 754_617 } } });
    }
  });

  it("decodes two's-complement decimals, negative ones and leading zeros included", () => {
    expect(decodePreciseDecimal("C4O5", 2)).toBe("7546.17");
    expect(decodePreciseDecimal("AA==", 2)).toBe("0.00");
    expect(decodePreciseDecimal("AQ==", 2)).toBe("0.01");
    expect(decodePreciseDecimal("/w==", 2)).toBe("-0.01");
    expect(decodePreciseDecimal(Buffer.from([0xf4, 0x7c, 0x47]).toString("base64"), 2)).toBe("-7546.17");
    expect(decodePreciseDecimal("C4O5", 0)).toBe("754617");
    expect(decodePreciseDecimal("not base64!", 2)).toBeUndefined();
  });

  it("turns a MySQL DATE's day count into an ISO date, and takes the key from before for a delete", () => {
    expect(decodeDebeziumEvent(bareEvent("invoices", "c", null, invoice, { pos: 5 }))).toMatchObject({
      change: { kind: "invoices", op: "upsert", row: { invoiceId: 12, accountId: 3, dateIssued: "2021-05-12", paymentDate: null } },
    });
    expect(decodeDebeziumEvent(bareEvent("invoices", "d", invoice, null, { pos: 6 }))).toMatchObject({ op: "d", rowKey: "12", change: { kind: "invoices", op: "delete", key: 12 } });
    expect(decodeDebeziumEvent(bareEvent("invoice_line_items", "d", { invoice_id: 12, item_id: "0-7127-8604-X", quantity: 2 }, null, { pos: 7 }))).toMatchObject({
      rowKey: '[12,"0-7127-8604-X"]',
      change: { kind: "invoice_line_items", op: "delete", key: [12, "0-7127-8604-X"] },
    });
  });

  it("keeps source.ts_ms for the lag, and drops one no clock could show rather than refuse the row", () => {
    expect(decodeDebeziumEvent(bareEvent("invoices", "c", null, invoice, { pos: 5, tsMs: 1_720_000_000_123 }))).toMatchObject({ outcome: "change", sourceTsMs: 1_720_000_000_123 });
    for (const tsMs of [-1, 9e15]) {
      expect(decodeDebeziumEvent(bareEvent("invoices", "c", null, invoice, { pos: 5, tsMs })), String(tsMs)).toMatchObject({ outcome: "change", sourceTsMs: null });
    }
  });

  it("ignores tombstones, transaction markers and schema changes, and splits arrays into events", () => {
    expect(eventsOf([null, transactionMarker("BEGIN", 1), schemaChange(2)]).map(decodeDebeziumEvent)).toEqual([
      { outcome: "ignored", reason: "tombstone" },
      { outcome: "ignored", reason: "transaction BEGIN" },
      { outcome: "ignored", reason: "schema change" },
    ]);
    expect(decodeDebeziumEvent({ schema: null, payload: null })).toEqual({ outcome: "ignored", reason: "tombstone" });
    expect(eventsOf({ op: "c" })).toHaveLength(1);
  });

  it("gives a redelivery with new timestamps the same digest, and another position another one", () => {
    const first = decodeDebeziumEvent(bareEvent("invoices", "c", null, invoice, { pos: 5, tsMs: 1 }, 2));
    const again = decodeDebeziumEvent(bareEvent("invoices", "c", null, invoice, { pos: 5, tsMs: 1 }, 99_999));
    const later = decodeDebeziumEvent(bareEvent("invoices", "c", null, invoice, { pos: 6 }));
    expect(first.outcome === "change" && again.outcome === "change" && first.digest === again.digest).toBe(true);
    expect(later.outcome === "change" && first.outcome === "change" && later.digest !== first.digest).toBe(true);
  });

  it.each([
    ["an unknown table", bareEvent("payments", "c", null, { id: 1 }, { pos: 1 }), "unknown table payments: this consumer takes accounts, skus, invoices, invoice_line_items", "source.table"],
    ["a change without its key", bareEvent("invoices", "c", null, { ...invoice, invoice_id: null }, { pos: 1 }), "missing key: after.invoice_id", "invoice_id"],
    ["a delete without before", bareEvent("invoices", "d", null, null, { pos: 1 }), "missing key: a delete needs its before image", "before"],
    ["an undecodable decimal", bareEvent("skus", "c", null, { ...sku, item_retail_price: "@@@@" }, { pos: 1 }), 'undecodable value: item_retail_price "@@@@" is not a base64 decimal', "item_retail_price"],
    ["a day count out of range", bareEvent("invoices", "c", null, { ...invoice, date_issued: 1e12 }, { pos: 1 }), "undecodable value: date_issued 1000000000000 is not a day count since 1970-01-01", "date_issued"],
    ["a missing column", bareEvent("accounts", "c", null, { account_id: 4 }, { pos: 1 }), "undecodable value: after.company_name is missing", "company_name"],
    [
      "a payment before the issue date",
      bareEvent("invoices", "u", null, { ...invoice, payment_dates: "2021-05-01" }, { pos: 1 }),
      "failed validation: payment_dates: payment date 2021-05-01 is before the issue date 2021-05-12",
      "payment_dates",
    ],
    ["a truncate", bareEvent("invoices", "t", null, null, { pos: 1 }), "truncate of invoices is not applied: reload the table with a full snapshot import instead", null],
    ["no binlog position", { op: "c", after: invoice, source: { table: "invoices" } }, "source.file (the binlog file) is missing", "source.file"],
    ["an unknown op", { op: "x", after: invoice, source: { table: "invoices", file: "mysql-bin.000001", pos: 4 } }, 'op "x" is not one of c, u, d, r, t', "op"],
  ])("rejects %s, saying why", (_, event, reason, field) => {
    expect(decodeDebeziumEvent(event)).toMatchObject({ outcome: "rejected", reason, field });
  });

  it("orders positions by binlog file number first, then pos, then row", () => {
    expect(binlogFileNumber("mysql-bin.000010")).toBe(10);
    expect(binlogFileNumber("mysql-bin")).toBeUndefined();
    const at = (fileNumber: number, pos: number, row: number) => ({ binlogFile: "", fileNumber, pos, row });
    expect(comparePositions(at(4, 4, 0), at(3, 99_999, 0))).toBeGreaterThan(0);
    expect(comparePositions(at(3, 500, 1), at(3, 500, 0))).toBeGreaterThan(0);
    expect(comparePositions(at(3, 500, 0), at(3, 500, 0))).toBe(0);
  });
});
