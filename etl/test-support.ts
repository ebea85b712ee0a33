import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Papa from "papaparse";
import { openDb, type Db } from "../lib/db/client";
import { fileKinds, fileSpecs } from "../lib/imports/file-specs";
import { importExtracts } from "./import/import-extracts";

/** Helpers for the ETL's tests: temp databases, fixture directories and the real extracts. */

export const realExtractsDir = path.resolve(process.cwd(), "..", "shared", "extracts");

/** Imports the four extracts of `dir` (the real ones by default) into `db`, failing unless accepted. */
export async function importAllExtracts(db: Db, dir = realExtractsDir, options: Parameters<typeof importExtracts>[2] = {}): Promise<void> {
  const result = await importExtracts(
    db,
    fileKinds.map((kind) => ({ path: path.join(dir, fileSpecs[kind].fileName) })),
    options,
  );
  if (result.status !== "accepted") throw new Error(`the import of ${dir} was ${result.status}: ${JSON.stringify(result.error ?? result)}`);
}

export function tempDir(prefix = "pi-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function tempDb(): { db: Db; file: string } {
  const file = path.join(tempDir(), "test.db");
  return { db: openDb(file), file };
}

/** Writes fixture CSVs, given as arrays of rows with the header first. */
export function writeFixture(files: Record<string, (string | number)[][]>, dir = tempDir()): string {
  for (const [name, rows] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), Papa.unparse(rows.map((r) => r.map(String)), { newline: "\n" }) + "\n");
  }
  return dir;
}

/** Writes fixture CSVs, imports them into a fresh database, and fails loudly if refused. */
export async function importFixture(files: Record<string, (string | number)[][]>): Promise<Db> {
  const dir = writeFixture(files);
  const { db } = tempDb();
  const sources = fileKinds.filter((k) => files[fileSpecs[k].fileName]).map((kind) => ({ kind, path: path.join(dir, fileSpecs[kind].fileName) }));
  const result = await importExtracts(db, sources);
  if (result.status !== "accepted") throw new Error(`fixture import refused: ${result.error}`);
  return db;
}

export function readCsvObjects(file: string): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(fs.readFileSync(file, "utf8"), { header: true, skipEmptyLines: true });
  return parsed.data;
}

export function tableCounts(db: Db): Record<string, number> {
  const tables = ["stg_accounts", "stg_skus", "stg_invoices", "stg_invoice_line_items", "mart_invoices", "int_invoices_sequenced", "mart_invoice_features"];
  return Object.fromEntries(tables.map((t) => [t, db.$client.prepare(`select count(*) from ${t}`).pluck().get() as number]));
}

/** A fingerprint of every stored staging and mart row, to prove an import changed nothing. */
export function dataFingerprint(db: Db): string {
  const tables: Record<string, string> = {
    stg_accounts: "account_id",
    stg_skus: "item_id",
    stg_invoices: "invoice_id",
    stg_invoice_line_items: "invoice_id, item_id",
    mart_invoices: "invoice_id",
    int_invoices_sequenced: "invoice_id",
    mart_invoice_features: "inv_id",
  };
  const hash = createHash("sha256");
  // The schema too: imports and builds drop and recreate indexes inside their transaction.
  for (const row of db.$client.prepare(`select type, name, sql from sqlite_master order by type, name`).raw().iterate()) hash.update(JSON.stringify(row));
  for (const [table, key] of Object.entries(tables)) {
    for (const row of db.$client.prepare(`select * from ${table} order by ${key}`).raw().iterate()) hash.update(JSON.stringify(row));
  }
  return hash.digest("hex");
}
