import fs from "node:fs";
import path from "node:path";
import { tableFromIPC, type Table } from "apache-arrow";
import { readParquet } from "parquet-wasm";
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { formatCsvCell } from "../lib/csv/write-csv";
import { fileKinds, fileSpecs } from "../lib/imports/file-specs";
import { csvCellSql, exportFeatures, featureColumns, finishCsvText } from "./export-features";
import { importExtracts } from "./import/import-extracts";
import { realExtractsDir, tempDb, tempDir } from "./test-support";

// Read back with parquet-wasm (Rust's arrow-rs) into Apache Arrow. It is the writer's own
// library, so this checks the cells and types we build, not the file against a second reader.
function readBack(file: string): Table {
  return tableFromIPC(readParquet(new Uint8Array(fs.readFileSync(file))).intoIPCStream());
}

/** A cell as the CSV export writes it: decimals with two places, dates as ISO days, nulls empty. */
function asCsvText(value: unknown, typeName: string): string {
  if (value === null || value === undefined) return "";
  if (typeName.startsWith("Decimal")) {
    const unscaled = String(value).replace(/"/g, "").padStart(3, "0");
    return `${unscaled.slice(0, -2)}.${unscaled.slice(-2)}`;
  }
  if (typeName.startsWith("Date")) return new Date(Number(value)).toISOString().slice(0, 10);
  return String(value);
}

/** The first few cells where the Parquet table and the parsed CSV (header first) differ. */
function cellMismatches(table: Table, csvRows: string[][]): string[] {
  const columns = table.schema.fields.map((field, col) => ({ vector: table.getChildAt(col)!, typeName: String(field.type) }));
  const mismatches: string[] = [];
  for (let row = 0; row < table.numRows && mismatches.length < 5; row++) {
    columns.forEach(({ vector, typeName }, col) => {
      const text = asCsvText(vector.get(row), typeName);
      if (text !== csvRows[row + 1]![col]) mismatches.push(`row ${row + 1} ${featureColumns[col]}: ${text} against ${csvRows[row + 1]![col]}`);
    });
  }
  return mismatches.slice(0, 5);
}

describe("the feature export as Parquet", () => {
  let csv: string[][];
  let parquet: Table;
  let oneThread: string | undefined;
  let twoThreads: string | undefined;
  let smallGroups: Table;
  let oneThreadParquet: Buffer | undefined;
  let threadsParquet: Buffer | undefined;
  let asOfCsv: string[][];
  let asOfParquet: Table;

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
    parquet = readBack(path.join(dir, "features.parquet"));
    // Many row groups, their batches read by the reader threads in turn.
    await exportFeatures(db, path.join(dir, "small-groups.parquet"), { rowGroupRows: 1_000, batchIds: 700, secondThreadMinRows: 0 });
    smallGroups = readBack(path.join(dir, "small-groups.parquet"));
    await exportFeatures(db, path.join(dir, "threads.parquet"), { secondThreadMinRows: 0 });
    [oneThreadParquet, threadsParquet] = ["features.parquet", "threads.parquet"].map((name) => fs.readFileSync(path.join(dir, name)));
    // At an earlier date only some ids are in the dataset: ranges of three ids are often empty.
    await exportFeatures(db, path.join(dir, "as-of.csv"), { asOf: "2020-12-31" });
    await exportFeatures(db, path.join(dir, "as-of.parquet"), { asOf: "2020-12-31", batchIds: 3 });
    asOfCsv = Papa.parse<string[]>(fs.readFileSync(path.join(dir, "as-of.csv"), "utf8"), { skipEmptyLines: true }).data;
    asOfParquet = readBack(path.join(dir, "as-of.parquet"));
  });

  it("holds the CSV's columns, in order, with types a data scientist can load as they are", () => {
    expect(parquet.schema.fields.map((f) => f.name)).toEqual(csv[0]);
    expect(parquet.schema.fields.map((f) => f.name)).toEqual(featureColumns);
    const type = (name: string) => parquet.schema.fields.find((f) => f.name === name)!;
    expect(String(type("inv_total").type)).toMatch(/^Decimal\[18e\+2\]/);
    expect(String(type("date_issued").type)).toBe("Date32<DAY>");
    expect([String(type("is_late").type), type("is_late").nullable]).toEqual(["Int32", true]);
    expect([String(type("inv_id").type), type("inv_id").nullable]).toEqual(["Int32", false]);
    expect(String(type("open_cents").type)).toBe("Int64");
    expect(String(type("prior_late_rate").type)).toBe("Float64");
  });

  it("writes the same CSV when a second thread builds every other batch of lines", () => {
    expect(twoThreads).toBe(oneThread);
  });

  it("holds the same 9,685 rows as the CSV, cell for cell", () => {
    expect(parquet.numRows).toBe(csv.length - 1);
    expect(parquet.numRows).toBe(9685);
    expect(cellMismatches(parquet, csv)).toEqual([]);
  });

  it("writes the same Parquet file when other threads read the batches", () => {
    expect(threadsParquet!.equals(oneThreadParquet!)).toBe(true);
  });

  it("holds the CSV's rows at an earlier as-of date, whose ids have gaps", () => {
    expect(asOfParquet.numRows).toBe(asOfCsv.length - 1);
    expect(asOfParquet.numRows).toBeLessThan(9685);
    expect(cellMismatches(asOfParquet, asOfCsv)).toEqual([]);
  });

  it("holds the same rows when they span many row groups", () => {
    // The real extracts fit one group of the default size; a million invoices take fifty.
    expect(smallGroups.numRows).toBe(9685);
    expect(smallGroups.batches.length).toBeGreaterThanOrEqual(10);
    const differing = featureColumns.filter((_, col) => {
      const [a, b] = [smallGroups.getChildAt(col)!, parquet.getChildAt(col)!];
      for (let row = 0; row < parquet.numRows; row++) if (String(a.get(row)) !== String(b.get(row))) return true;
      return false;
    });
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
