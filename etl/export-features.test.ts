import fs from "node:fs";
import path from "node:path";
import { getTableColumns } from "drizzle-orm";
import { parquetMetadata, parquetReadObjects, type FileMetaData, type SchemaElement } from "hyparquet";
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { formatCsvCell } from "../lib/csv/write-csv";
import { martInvoiceFeatures } from "../lib/db/schema";
import { fileKinds, fileSpecs } from "../lib/imports/file-specs";
import { csvCellSql, exportFeatures, featureColumns, finishCsvText } from "./export-features";
import { importExtracts } from "./import/import-extracts";
import { realExtractsDir, tempDb, tempDir } from "./test-support";

type ParquetFile = { metadata: FileMetaData; columns: SchemaElement[]; rows: Record<string, unknown>[] };

// Read back with hyparquet, a JavaScript reader written apart from the arrow-rs (parquet-wasm)
// that writes the file, so the file is checked against the format, not the writer against itself.
async function readBack(file: string): Promise<ParquetFile> {
  const bytes = fs.readFileSync(file);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const metadata = parquetMetadata(buffer);
  const rows = await parquetReadObjects({ file: buffer, metadata });
  return { metadata, columns: metadata.schema.slice(1), rows };
}

/**
 * The Parquet column each exported column must be, from the Drizzle table: the amount a decimal
 * of its cents, the date a date, cents 64-bit, other integers 32-bit, and optional exactly where
 * the table allows null.
 */
const expectedColumns = Object.values(getTableColumns(martInvoiceFeatures))
  .filter((column) => column.name !== "payment_date")
  .map((column) => ({
    name: column.name,
    type: column.name === "inv_total" || column.name.endsWith("_cents") ? "INT64" : column.columnType === "SQLiteReal" ? "DOUBLE" : "INT32",
    logicalType: column.name === "inv_total" ? { type: "DECIMAL", precision: 18, scale: 2 } : column.columnType === "SQLiteText" ? { type: "DATE" } : undefined,
    repetition: column.notNull ? "REQUIRED" : "OPTIONAL",
  }));

const dollars = (cents: number) => `${cents < 0 ? "-" : ""}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, "0")}`;

/**
 * A cell as the CSV export writes it (dollars with two places, ISO days, nulls empty), or
 * undefined where hyparquet's value is not of the column's type: a Date at a day's start for a
 * date, a number for a decimal, a bigint for INT64, an integer number for INT32.
 */
function asCsvText(value: unknown, column: SchemaElement): string | undefined {
  if (value === null) return column.repetition_type === "OPTIONAL" ? "" : undefined;
  if (column.logical_type?.type === "DECIMAL") {
    // hyparquet gives a decimal as a double (unscaled × 10^-scale); its cents are exact again once rounded.
    return typeof value === "number" && column.scale === 2 ? dollars(Math.round(value * 100)) : undefined;
  }
  if (column.logical_type?.type === "DATE") {
    return value instanceof Date && value.getTime() % 86_400_000 === 0 ? value.toISOString().slice(0, 10) : undefined;
  }
  if (column.type === "INT64") return typeof value === "bigint" ? String(value) : undefined;
  if (column.type === "INT32") return typeof value === "number" && Number.isInteger(value) ? String(value) : undefined;
  if (column.type === "DOUBLE") return typeof value === "number" ? String(value) : undefined;
  return undefined;
}

/** The first few cells where the Parquet rows and the parsed CSV (header first) differ. */
function cellMismatches(file: ParquetFile, csvRows: string[][]): string[] {
  const mismatches: string[] = [];
  for (let row = 0; row < file.rows.length && mismatches.length < 5; row++) {
    file.columns.forEach((column, col) => {
      const value = file.rows[row]![column.name];
      const text = asCsvText(value, column);
      if (text !== csvRows[row + 1]![col]) mismatches.push(`row ${row + 1} ${column.name}: ${typeof value} ${String(value)} against ${csvRows[row + 1]![col]}`);
    });
  }
  return mismatches.slice(0, 5);
}

describe("the feature export as Parquet", () => {
  let csv: string[][];
  let parquet: ParquetFile;
  let oneThread: string | undefined;
  let twoThreads: string | undefined;
  let smallGroups: ParquetFile;
  let oneThreadParquet: Buffer | undefined;
  let threadsParquet: Buffer | undefined;
  let asOfCsv: string[][];
  let asOfParquet: ParquetFile;

  beforeAll(async () => {
    const { db } = tempDb();
    const result = await importExtracts(db, fileKinds.map((kind) => ({ kind, path: path.join(realExtractsDir, fileSpecs[kind].fileName) })));
    expect(result.status).toBe("accepted");
    const dir = tempDir();
    await exportFeatures(db, path.join(dir, "features.csv"));
    await exportFeatures(db, path.join(dir, "features.parquet"));
    await exportFeatures(db, path.join(dir, "two-threads.csv"), { secondThreadMinRows: 0 });
    [oneThread, twoThreads] = ["features.csv", "two-threads.csv"].map((name) => fs.readFileSync(path.join(dir, name), "utf8"));
    csv = Papa.parse<string[]>(fs.readFileSync(path.join(dir, "features.csv"), "utf8"), { skipEmptyLines: true }).data;
    parquet = await readBack(path.join(dir, "features.parquet"));
    // Many row groups, their batches read by the reader threads in turn.
    await exportFeatures(db, path.join(dir, "small-groups.parquet"), { rowGroupRows: 1_000, batchIds: 700, secondThreadMinRows: 0 });
    smallGroups = await readBack(path.join(dir, "small-groups.parquet"));
    await exportFeatures(db, path.join(dir, "threads.parquet"), { secondThreadMinRows: 0 });
    [oneThreadParquet, threadsParquet] = ["features.parquet", "threads.parquet"].map((name) => fs.readFileSync(path.join(dir, name)));
    // At an earlier date only some ids are in the dataset: ranges of three ids are often empty.
    await exportFeatures(db, path.join(dir, "as-of.csv"), { asOf: "2020-12-31" });
    await exportFeatures(db, path.join(dir, "as-of.parquet"), { asOf: "2020-12-31", batchIds: 3 });
    asOfCsv = Papa.parse<string[]>(fs.readFileSync(path.join(dir, "as-of.csv"), "utf8"), { skipEmptyLines: true }).data;
    asOfParquet = await readBack(path.join(dir, "as-of.parquet"));
  });

  it("holds the CSV's columns, in order, with types a data scientist can load as they are", () => {
    expect(parquet.columns.map((c) => c.name)).toEqual(csv[0]);
    expect(parquet.columns.map((c) => c.name)).toEqual(featureColumns);
    const found = parquet.columns.map((c) => ({ name: c.name, type: c.type, logicalType: c.logical_type, repetition: c.repetition_type }));
    expect(found).toEqual(expectedColumns);
    const column = (name: string) => parquet.columns.find((c) => c.name === name)!;
    expect(column("inv_total")).toMatchObject({ type: "INT64", converted_type: "DECIMAL", precision: 18, scale: 2 });
    expect(column("date_issued")).toMatchObject({ type: "INT32", converted_type: "DATE" });
    expect(column("is_late")).toMatchObject({ type: "INT32", repetition_type: "OPTIONAL" });
    expect(column("inv_id")).toMatchObject({ type: "INT32", repetition_type: "REQUIRED" });
    expect(column("open_cents")).toMatchObject({ type: "INT64", repetition_type: "REQUIRED" });
    expect(column("prior_late_rate")).toMatchObject({ type: "DOUBLE", repetition_type: "REQUIRED" });
  });

  it("reads back the label as a nullable 0 or 1", () => {
    const labels = (file: ParquetFile) => new Set(file.rows.map((row) => row.is_late));
    expect(labels(parquet)).toEqual(new Set([0, 1]));
    // At the earlier date some invoices are unpaid and not yet late: unlabelled.
    expect(labels(asOfParquet)).toEqual(new Set([0, 1, null]));
  });

  it("writes the same CSV when a second thread builds every other batch of lines", () => {
    expect(twoThreads).toBe(oneThread);
  });

  it("holds the same 9,685 rows as the CSV, cell for cell", () => {
    expect(parquet.rows).toHaveLength(csv.length - 1);
    expect(parquet.rows).toHaveLength(9685);
    expect(parquet.metadata.num_rows).toBe(9685n);
    expect(cellMismatches(parquet, csv)).toEqual([]);
  });

  it("tells a changed cell, or a cell of another type, from the CSV's", () => {
    const rows = parquet.rows.map((row) => ({ ...row }));
    rows[0]!.inv_total = (rows[0]!.inv_total as number) + 0.01;
    rows[1]!.date_issued = new Date((rows[1]!.date_issued as Date).getTime() + 86_400_000);
    rows[2]!.is_late = null;
    rows[3]!.open_cents = Number(rows[3]!.open_cents);
    rows[4]!.prior_late_rate = String(rows[4]!.prior_late_rate);
    expect(cellMismatches({ ...parquet, rows }, csv).map((m) => m.split(":")[0])).toEqual([
      "row 1 inv_total",
      "row 2 date_issued",
      "row 3 is_late",
      "row 4 open_cents",
      "row 5 prior_late_rate",
    ]);
  });

  it("writes the same Parquet file when other threads read the batches", () => {
    expect(threadsParquet!.equals(oneThreadParquet!)).toBe(true);
  });

  it("holds the CSV's rows at an earlier as-of date, whose ids have gaps", () => {
    expect(asOfParquet.rows).toHaveLength(asOfCsv.length - 1);
    expect(asOfParquet.rows.length).toBeLessThan(9685);
    expect(cellMismatches(asOfParquet, asOfCsv)).toEqual([]);
  });

  it("holds the same rows when they span many row groups", () => {
    // The real extracts fit one group of the default size; a million invoices take fifty.
    expect(smallGroups.rows).toHaveLength(9685);
    expect(smallGroups.metadata.row_groups.length).toBeGreaterThanOrEqual(10);
    expect(parquet.metadata.row_groups).toHaveLength(1);
    const differing = featureColumns.filter((name) => smallGroups.rows.some((row, k) => String(row[name]) !== String(parquet.rows[k]![name])));
    expect(differing).toEqual([]);
  });
});

describe("the CSV cells SQLite writes", () => {
  it("are the text formatCsvCell writes for the same values", () => {
    const sqlite = new Database(":memory:");
    sqlite.exec("create table cells (i integer, r real, t text)");
    const reals = [0, -0, 0.15, 0.73, -2.5, 45, 1 / 3, 0.1 + 0.2, 1e-7, 5e-5, 0.0001, 123456.789, 2 ** 53, 1e15, 1e21, 1.5e300, 5e-324, -1e-300];
    for (let n = 1; n < 2000; n++) reals.push(Math.round(n * 7919.123) / 10 ** (n % 7), (n % 97) / ((n % 13) + 1), n * 1e-9);
    const texts = ["2021-05-12", "a,b", 'say "hi"', "line\nbreak", "cr\r", "=SUM(A1)", "-5", ""];
    const integers = [0, -3, 7, 2 ** 53 - 1];
    const insert = sqlite.prepare("insert into cells values (?, ?, ?)");
    const count = Math.max(reals.length, texts.length, integers.length);
    for (let k = 0; k < count; k++) insert.run(integers[k] ?? null, reals[k] ?? null, texts[k] ?? null);
    const rows = sqlite
      .prepare(`select i, r, t, concat(${csvCellSql("i", "integer")}, '|', ${csvCellSql("r", "real")}, '|', ${csvCellSql("t", "text")}) from cells`)
      .raw()
      .all() as [number | null, number | null, string | null, string][];
    const mismatches = rows
      .map(([i, r, t, text]) => ({ expected: [i, r, t].map((v) => formatCsvCell(v)).join("|"), text: finishCsvText(text) }))
      .filter(({ expected, text }) => expected !== text);
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(rows).toHaveLength(count);
  });
});
