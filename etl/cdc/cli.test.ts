import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDb } from "../../lib/db/client";
import { fileKinds, fileSpecs } from "../../lib/imports/file-specs";
import { importExtracts } from "../import/import-extracts";
import { realExtractsDir, tempDir } from "../test-support";
import { bareEvent, day, schemaChange, transactionMarker, wrappedEvent } from "./test-events";

function cdc(args: string[], input?: string) {
  const run = spawnSync(process.execPath, ["--import", "tsx", "etl/cdc/cli.ts", ...args], { encoding: "utf8", input });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const invoice = { invoice_id: 40_000, account_id: 5, date_issued: day("2021-05-12"), payment_dates: null };
const lines = [
  JSON.stringify(transactionMarker("BEGIN", 10)),
  JSON.stringify(bareEvent("invoice_line_items", "c", null, { invoice_id: 40_000, item_id: "0-7127-8604-X", quantity: 2 }, { pos: 20 })),
  JSON.stringify(wrappedEvent("invoices", "c", null, invoice, { pos: 30 })),
  JSON.stringify(transactionMarker("END", 10)),
  "",
  "null",
  JSON.stringify(schemaChange(40)),
  JSON.stringify([bareEvent("invoices", "u", invoice, { ...invoice, payment_dates: "2021-06-01" }, { pos: 50 }), bareEvent("payments", "c", null, { id: 1 }, { pos: 60 })]),
  '{"payload": ',
];

describe("npm run cdc -- replay", () => {
  it("replays a JSON-lines file, prints the counts, exits 1 for rejects, and skips everything the second time", async () => {
    const file = path.join(tempDir(), "cdc.db");
    const db = openDb(file);
    await importExtracts(db, fileKinds.map((kind) => ({ kind, path: path.join(realExtractsDir, fileSpecs[kind].fileName) })));
    db.$client.close();
    const dump = path.join(tempDir(), "events.jsonl");
    fs.writeFileSync(dump, `${lines.join("\n")}\n`);

    const first = cdc(["replay", dump, "--db", file]);
    expect(first.stdout).toMatch(/^applied 3, skipped as duplicates 0, ignored 4, rejected 2 in \d+\.\d\d s; lines waiting for their invoice or SKU: 0\n$/);
    expect(first.stderr).toContain("line 8, event 1: payments at mysql-bin.000003:60 row 0: unknown table payments");
    expect(first.stderr).toContain("line 9: not valid JSON");
    expect(first.code).toBe(1);

    // From stdin, as a kcat pipe gives it; the recorded reject now counts as a duplicate.
    const again = cdc(["replay", "-", "--db", file], `${lines.slice(0, -1).join("\n")}\n`);
    expect(again.stdout).toMatch(/^applied 0, skipped as duplicates 4, ignored 4, rejected 0 in/);
    expect(again.code).toBe(0);
    const check = openDb(file);
    expect(check.$client.prepare(`select line_count, payment_date from mart_invoices where invoice_id = 40000`).get()).toEqual({ line_count: 1, payment_date: "2021-06-01" });
    check.$client.close();
  });

  it("replays the committed fixture twice with the same final state, and the counts of a first and a repeated run", async () => {
    const file = path.join(tempDir(), "fixture.db");
    const db = openDb(file);
    await importExtracts(db, fileKinds.map((kind) => ({ kind, path: path.join(realExtractsDir, fileSpecs[kind].fileName) })));
    db.$client.close();
    const fixture = "etl/cdc/fixtures/debezium-events.jsonl";
    const state = () => {
      const d = openDb(file);
      try {
        return {
          invoices: d.$client.prepare(`select invoice_id, account_id, payment_date, line_count, total_cents from mart_invoices where invoice_id >= 41000 order by invoice_id`).all(),
          sku: d.$client.prepare(`select item_cost_price_cents, item_retail_price_cents from stg_skus where item_id = '9-999-99999-9'`).get(),
          region: d.$client.prepare(`select region from mart_accounts where account_id = 201`).pluck().get(),
          rejects: d.$client.prepare(`select table_name, binlog_file, pos from cdc_rejects`).all(),
          imports: d.$client.prepare(`select started_by as startedBy, status, finished_at is not null as finished from etl_imports where source = 'cdc'`).all(),
        };
      } finally {
        d.$client.close();
      }
    };
    const expected = {
      // The snapshot's line waited for its invoice and its SKU, and kept the SKU's price from before the update.
      invoices: [{ invoice_id: 41000, account_id: 201, payment_date: "2021-06-01", line_count: 1, total_cents: 2 * 2550 }],
      sku: { item_cost_price_cents: 1200, item_retail_price_cents: 3000 },
      region: expect.any(String),
      rejects: [{ table_name: "payments", binlog_file: "mysql-bin.000004", pos: 100 }],
      // One import for the replay, not one per event; the repeat reaches staging with nothing, so logs none.
      imports: [{ startedBy: "cdc replay", status: "accepted", finished: 1 }],
    };
    const first = cdc(["replay", fixture, "--db", file]);
    expect(first.stdout).toMatch(/^applied 9, skipped as duplicates 2, ignored 5, rejected 1 in .*waiting for their invoice or SKU: 0\n$/);
    expect(first.code).toBe(1);
    expect(state()).toEqual(expected);
    const second = cdc(["replay", fixture, "--db", file]);
    expect(second.stdout).toMatch(/^applied 0, skipped as duplicates 12, ignored 5, rejected 0 in /);
    expect(second.code).toBe(0);
    expect(state()).toEqual(expected);
  });

  it("exits 2 with the usage for a missing file or argument", () => {
    expect(cdc(["replay"]).code).toBe(2);
    const missing = cdc(["replay", "/nonexistent/events.jsonl"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("/nonexistent/events.jsonl does not exist");
  });
});
