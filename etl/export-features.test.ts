import fs from "node:fs";
import path from "node:path";
import { tableFromIPC, type Table } from "apache-arrow";
import { readParquet } from "parquet-wasm";
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { fileKinds, fileSpecs } from "../lib/imports/file-specs";
import { exportFeatures, featureColumns } from "./export-features";
import { importExtracts } from "./import/import-extracts";
import { realExtractsDir, tempDb, tempDir } from "./test-support";

// Read back with parquet-wasm (Rust's arrow-rs) into Apache Arrow: a reader written apart from
// the library that wrote the file.
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

describe("the feature export as Parquet", () => {
  let csv: string[][];
  let parquet: Table;

  beforeAll(async () => {
    const { db } = tempDb();
    const result = await importExtracts(db, fileKinds.map((kind) => ({ kind, path: path.join(realExtractsDir, fileSpecs[kind].fileName) })));
    expect(result.status).toBe("accepted");
    const dir = tempDir();
    await exportFeatures(db, path.join(dir, "features.csv"));
    await exportFeatures(db, path.join(dir, "features.parquet"));
    csv = Papa.parse<string[]>(fs.readFileSync(path.join(dir, "features.csv"), "utf8"), { skipEmptyLines: true }).data;
    parquet = readBack(path.join(dir, "features.parquet"));
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

  it("holds the same 9,685 rows as the CSV, cell for cell", () => {
    expect(parquet.numRows).toBe(csv.length - 1);
    expect(parquet.numRows).toBe(9685);
    const columns = parquet.schema.fields.map((field, col) => ({ vector: parquet.getChildAt(col)!, typeName: String(field.type) }));
    const mismatches: string[] = [];
    for (let row = 0; row < parquet.numRows; row++) {
      columns.forEach(({ vector, typeName }, col) => {
        const text = asCsvText(vector.get(row), typeName);
        if (text !== csv[row + 1]![col]) mismatches.push(`row ${row + 1} ${featureColumns[col]}: ${text} against ${csv[row + 1]![col]}`);
      });
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});
