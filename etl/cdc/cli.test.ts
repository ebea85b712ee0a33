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

  it("exits 2 with the usage for a missing file or argument", () => {
    expect(cdc(["replay"]).code).toBe(2);
    const missing = cdc(["replay", "/nonexistent/events.jsonl"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("/nonexistent/events.jsonl does not exist");
  });
});
