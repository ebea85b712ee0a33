import fs from "node:fs";
import { once } from "node:events";
import { getTableColumns } from "drizzle-orm";
import { Writable } from "node:stream";
import { Worker } from "node:worker_threads";
import type { WriterProperties } from "parquet-wasm";
import type Database from "better-sqlite3";
import type { Db } from "../lib/db/client";
import { martInvoiceFeatures } from "../lib/db/schema";
import { parseIsoDate } from "./import/extract/values";
import { readModelSql, setBuildContext } from "./sql-models/build-models";
import { ipcSchemaMessage, readParquetBatch, type ParquetLayout } from "./export-parquet-batch.mjs";

/**
 * The dataset's columns: mart_invoice_features' own, in the table's order (the contract columns
 * first, then the extra features), without the payment date the label is made from.
 */
const exportedColumns = Object.values(getTableColumns(martInvoiceFeatures)).filter((column) => column.name !== "payment_date");
export const featureColumns = exportedColumns.map((column) => column.name);

type ColumnKind = "integer" | "real" | "text";
const kindOf = (columnType: string): ColumnKind => (columnType === "SQLiteReal" ? "real" : columnType === "SQLiteText" ? "text" : "integer");

/**
 * Writes the invoice feature dataset, sorted by inv_id, a batch of rows at a time so a million
 * invoices never sit in memory: CSV, or typed Parquet when `outPath` ends in .parquet. At the
 * data cut-off it reads the stored mart; at an earlier as-of date it re-runs the mart's own
 * select with that date into a temp table of the same columns, so the label rule exists in one
 * place only and both paths read alike.
 */
export async function exportFeatures(
  db: Db,
  outPath: string,
  options: { asOf?: string; /** for tests */ secondThreadMinRows?: number; /** for tests */ rowGroupRows?: number; /** for tests */ batchIds?: number } = {},
): Promise<{ rows: number; asOf: string | null }> {
  const sqlite = db.$client;
  // The date the stored marts were built for; computing it again from staging scans every invoice.
  const cutoff = (sqlite.prepare(`select value from etl_state where key = 'data_cutoff'`).pluck().get() as string | undefined) ?? null;
  if (options.asOf !== undefined && parseIsoDate(options.asOf) === undefined) {
    throw new Error(`--as-of ${options.asOf} is not a real date in YYYY-MM-DD form`);
  }
  const asOf = options.asOf ?? cutoff;
  const isParquet = outPath.toLowerCase().endsWith(".parquet");
  let source = "main.mart_invoice_features";
  if (asOf !== cutoff && asOf !== null) {
    setBuildContext(sqlite, "all", asOf);
    source = storeFeaturesAsOf(sqlite, asOf);
  }
  // The batches are separate statements: one read transaction keeps them on one snapshot.
  const ownsTransaction = !sqlite.inTransaction;
  const dataVersion = sqlite.pragma("data_version", { simple: true });
  if (ownsTransaction) sqlite.exec("begin");
  // Every page is read once, in order, so a large page cache only adds to the peak memory.
  const cacheSize = sqlite.pragma("cache_size", { simple: true }) as number;
  sqlite.pragma(`cache_size = ${EXPORT_CACHE_KB}`);
  let written: { rows: number; secondConnection: boolean };
  try {
    // A second thread reads committed data only, so never inside the caller's transaction.
    const canShare = ownsTransaction && source.startsWith("main.") && sqlite.name !== ":memory:" && sqlite.name !== "";
    const minRows = canShare ? (options.secondThreadMinRows ?? SECOND_THREAD_MIN_ROWS) : Infinity;
    written = isParquet
      ? await writeParquet(sqlite, source, outPath, { rowGroupRows: options.rowGroupRows ?? ROW_GROUP_ROWS, batchIds: options.batchIds ?? PARQUET_BATCH_IDS, secondThreadMinRows: minRows })
      : await writeCsv(sqlite, source, outPath, minRows);
  } finally {
    sqlite.pragma(`cache_size = ${cacheSize}`);
    if (source !== "main.mart_invoice_features") sqlite.exec(`drop table ${source}`);
    if (ownsTransaction) sqlite.exec("commit");
  }
  // The second connection cannot share this one's snapshot. Unchanged data_version means no
  // one committed while either read, so both saw the same data; otherwise refuse the file.
  if (written.secondConnection && sqlite.pragma("data_version", { simple: true }) !== dataVersion) {
    fs.rmSync(outPath, { force: true });
    throw new Error("the database changed during the export; run it again");
  }
  return { rows: written.rows, asOf };
}

/** 4 MB, in SQLite's negative-KiB form. */
const EXPORT_CACHE_KB = -4096;

/**
 * The mart's select at another as-of date, stored in a temp table declared like the mart (inv_id
 * the key, the same column types), so its values take the same types as the stored mart's.
 */
function storeFeaturesAsOf(sqlite: Database.Database, asOf: string): string {
  const table = "temp.export_features_as_of";
  const columns = exportedColumns.map((c) => `${c.name} ${c.name === "inv_id" ? "integer primary key" : kindOf(c.columnType)}`);
  sqlite.exec(`drop table if exists ${table}; create table ${table} (${columns.join(", ")})`);
  sqlite
    .prepare(
      `insert into ${table} (${featureColumns.join(", ")})
       select ${featureColumns.join(", ")} from (${readModelSql("mart_invoice_features", "all")}) where date_issued <= ?`,
    )
    .run(asOf);
  return table;
}

/**
 * `source`'s ids split into ranges of `ids` ids each ([from, to)), and how many ids they span,
 * which is the row count where ids are dense, as they are (a count(*) scans the table).
 */
function idRanges(sqlite: Database.Database, source: string, ids: number): { ranges: [number, number][]; span: number } {
  // Apart, each is one step down the key; together they are a scan.
  const [first, last] = sqlite.prepare(`select (select min(inv_id) from ${source}), (select max(inv_id) from ${source})`).raw().get() as [number | null, number | null];
  const ranges: [number, number][] = [];
  for (let from = first ?? 0; from <= (last ?? -1); from += ids) ranges.push([from, from + ids]);
  return { ranges, span: first === null || last === null ? 0 : last - first + 1 };
}

// ------------------------------------------------------------------------------------- CSV

/**
 * SQL giving the text formatCsvCell (lib/csv/write-csv.ts, formulas not escaped: the file is
 * machine-read) writes for the value better-sqlite3 would return for `x`. Letting SQLite build
 * each line saves a JavaScript value per cell; the export was mostly that.
 */
export function csvCellSql(x: string, kind: "integer" | "real" | "text"): string {
  if (kind === "integer") return x;
  if (kind === "text") {
    return `iif(instr(${x}, '"') or instr(${x}, ',') or instr(${x}, char(10)) or instr(${x}, char(13)), '"' || replace(${x}, '"', '""') || '"', ${x})`;
  }
  // JavaScript prints a double in its fewest round-tripping digits, in plain notation from
  // 1e-6 to 1e21. printf('%.15g') matches that where 15 digits round-trip and %g keeps plain
  // notation (1e-4 to 1e15); a value with at most six decimals round-trips, which is cheap to
  // test. Any other value goes out marked in 18 significant digits, and JavaScript prints it.
  return `case when ${x} is null then '' when ${x} = 0 then '0'
    when abs(${x}) >= 1e-4 and abs(${x}) < 1e9 and round(${x} * 1e6) / 1e6 = ${x} then printf('%.15g', ${x})
    when abs(${x}) >= 1e-4 and abs(${x}) < 1e15 and cast(printf('%.15g', ${x}) as real) = ${x} then printf('%.15g', ${x})
    else char(1) || printf('%!.17e', ${x}) || char(1) end`;
}

const markedReal = /\x01([^\x01]*)\x01/g;

/** The text SQLite built with csvCellSql, with each marked double printed by JavaScript. */
export function finishCsvText(text: string): string {
  return text.includes("\x01") ? text.replace(markedReal, (_, digits: string) => String(Number(digits))) : text;
}

/** Ids per statement: about 1.6 MB of CSV text where ids are dense, as they are. */
const CSV_BATCH_IDS = 16_384;

/**
 * From this many rows other threads read batches too (a thread takes about 0.1 s to start),
 * counted as the ids' span: the row count where ids are dense, as they are.
 */
const SECOND_THREAD_MIN_ROWS = 100_000;

async function writeCsv(sqlite: Database.Database, source: string, outPath: string, secondThreadMinRows: number): Promise<{ rows: number; secondConnection: boolean }> {
  // CSV shows dollars with their cents; Parquet stores the amount as a decimal of scale 2.
  const cells = exportedColumns.map((c) => (c.name === "inv_total" ? `printf('%.2f', inv_total)` : csvCellSql(c.name, kindOf(c.columnType))));
  // The subquery's order by is kept: SQLite does not flatten a sorted subquery into an aggregate,
  // so group_concat takes the lines in inv_id order, here from the key, with no sort.
  const sql = `select count(*), group_concat(line, '') from (
    select concat(${cells.join(", ',', ")}, char(10)) as line from ${source} where inv_id >= ? and inv_id < ? order by inv_id)`;
  const { ranges, span } = idRanges(sqlite, source, CSV_BATCH_IDS);
  const worker = span >= secondThreadMinRows ? startExportWorker(sqlite.name, sql, ranges.filter((_, k) => k % 2 === 1)) : undefined;
  const statement = sqlite.prepare(sql).raw();
  const out = fs.createWriteStream(outPath, { highWaterMark: 4 << 20 });
  out.write(featureColumns.join(",") + "\n");
  let count = 0;
  try {
    for (let k = 0; k < ranges.length; k++) {
      const [rows, text] = (worker && k % 2 === 1 ? await worker.next() : statement.get(...ranges[k]!)) as [number, string | null];
      if (text !== null && !out.write(finishCsvText(text))) await once(out, "drain");
      count += rows;
    }
  } finally {
    await worker?.stop();
  }
  out.end();
  await once(out, "finish");
  return { rows: count, secondConnection: worker !== undefined };
}

/** A reader thread's batches, in order, as the writer asks for them. */
function startExportWorker(file: string, sql: string, ranges: [number, number][], columns?: ParquetLayout[]): { next(): Promise<unknown>; stop(): Promise<void> } {
  const worker = new Worker(new URL("./export-worker.mjs", import.meta.url), {
    workerData: { file, sql, ranges, ahead: 3, columns },
    // The thread is plain JavaScript: without the parent's --import tsx it starts in a fifth of the time.
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 },
  });
  const ready: unknown[] = [];
  let waiting: { resolve: (batch: unknown) => void; reject: (error: Error) => void } | undefined;
  let failure: Error | undefined;
  worker.on("message", (batch: unknown) => {
    if (waiting) {
      waiting.resolve(batch);
      waiting = undefined;
    } else ready.push(batch);
  });
  const fail = (error: Error) => {
    failure = error;
    waiting?.reject(error);
  };
  worker.on("error", fail);
  worker.on("exit", (code) => {
    if (code !== 0) fail(new Error(`a thread of the export stopped (exit code ${code})`));
  });
  return {
    next() {
      worker.postMessage("next");
      if (ready.length > 0) return Promise.resolve(ready.shift());
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => (waiting = { resolve, reject }));
    },
    stop: async () => void (await worker.terminate()),
  };
}

// ----------------------------------------------------------------------------------- Parquet

/**
 * Each exported column's Arrow type, from the table's own column type: the amount as a decimal
 * of its cents, dates as day numbers, cents as 64-bit integers, counts as 32-bit, and nullable
 * exactly where the table is (the label, and history an invoice may not have yet). `sql` gives
 * the physical value, which crosses from SQLite in a JSON array.
 */
const parquetColumns: (ParquetLayout & { sql: string })[] = exportedColumns.map((column) => {
  const name = column.name;
  const base = { name, nullable: !column.notNull };
  if (name === "inv_total") return { ...base, kind: "decimal", sql: `cast(round(${name} * 100) as integer)` };
  if (column.columnType === "SQLiteText") return { ...base, kind: "date", sql: `cast(julianday(${name}) - 2440587.5 as integer)` };
  if (column.columnType === "SQLiteReal") return { ...base, kind: "double", sql: name };
  if (name.endsWith("_cents")) return { ...base, kind: "int64", sql: name };
  return { ...base, kind: "int32", sql: name };
});

/**
 * Rows per row group: one group is what the encoder holds at once. At scale 100 larger groups
 * encoded no faster and made no smaller file.
 */
const ROW_GROUP_ROWS = 20_000;

/**
 * Ids per batch a thread reads; the encoder gathers batches into row groups. Batches of 20,000
 * peaked 60 MB higher with two reader threads: a column's JSON text and array were then large
 * objects, which V8 frees only in a full collection.
 */
const PARQUET_BATCH_IDS = 5_000;

/**
 * Two reader threads and the encoder on this one: on two cores, that was faster and smaller
 * than one reader thread with this thread reading every second or third batch.
 */
const PARQUET_READER_THREADS = 2;

async function writeParquet(
  sqlite: Database.Database,
  source: string,
  outPath: string,
  { rowGroupRows, batchIds, secondThreadMinRows }: { rowGroupRows: number; batchIds: number; secondThreadMinRows: number },
): Promise<{ rows: number; secondConnection: boolean }> {
  // Each column of a batch crosses from SQLite as one JSON array: JSON.parse is far cheaper than
  // a JavaScript value per cell, and SQLite prints doubles in full, so they round-trip. Without
  // the CSV's sorted subquery SQLite's share was a sixth less; readParquetBatch checks the order.
  const sql = `select count(*), ${parquetColumns.map((c) => `json_group_array(${c.sql})`).join(", ")} from ${source} where inv_id >= ? and inv_id < ?`;
  const columns = parquetColumns.map(({ name, kind, nullable }) => ({ name, kind, nullable }));
  const { ranges, span } = idRanges(sqlite, source, batchIds);
  // Reader thread w reads batches w, w + readers, …; with none, this thread reads them all.
  const readers = span >= secondThreadMinRows ? PARQUET_READER_THREADS : 0;
  const workers = Array.from({ length: readers }, (_, w) => startExportWorker(sqlite.name, sql, ranges.filter((_, k) => k % readers === w), columns));
  try {
    // Loaded here, not with the module: the CSV export never uses parquet-wasm, which compiles
    // 5 MB of WebAssembly.
    const pw = await import("parquet-wasm");
    const own = readers === 0 ? { schemaMessage: ipcSchemaMessage(columns), statement: sqlite.prepare(sql).raw() } : undefined;
    let k = 0;
    let count = 0;
    const input = new ReadableStream({
      async pull(controller) {
        // A range with no rows (a gap in the ids) must not end a pull: the stream waits for one.
        while (k < ranges.length) {
          const batch = (own ? readParquetBatch(own.statement, ranges[k]!, own.schemaMessage, columns) : await workers[k % readers]!.next()) as { rows: number; ipc: Uint8Array };
          k++;
          if (batch.rows === 0) continue;
          count += batch.rows;
          const table = pw.Table.fromIPCStream(batch.ipc);
          // The stream takes each batch over; the table would hold a copy until garbage collection.
          for (const wasmBatch of table.recordBatches()) controller.enqueue(wasmBatch);
          table.free();
          return;
        }
        controller.close();
      },
    });
    const output = await pw.transformParquetStream(input, writerProperties(pw, rowGroupRows));
    await output.pipeTo(Writable.toWeb(fs.createWriteStream(outPath, { highWaterMark: 4 << 20 })));
    return { rows: count, secondConnection: workers.length > 0 };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}

/**
 * Integer columns, the amount's cents included, are delta-encoded (DELTA_BINARY_PACKED, which
 * pyarrow, DuckDB, Polars and Spark read): at scale 100 that encoded in half the time of
 * dictionaries and made a smaller file. The one double whose values repeat keeps a dictionary.
 */
function writerProperties(pw: typeof import("parquet-wasm"), rowGroupRows: number): WriterProperties {
  let builder = new pw.WriterPropertiesBuilder()
    .setMaxRowGroupSize(rowGroupRows)
    .setCompression(pw.Compression.SNAPPY)
    .setCreatedBy("payment-insights feature export")
    .setDictionaryEnabled(false);
  for (const c of parquetColumns) {
    if (c.kind !== "double") builder = builder.setColumnEncoding(c.name, pw.Encoding.DELTA_BINARY_PACKED);
  }
  return builder.setColumnDictionaryEnabled("prior_late_rate", true).build();
}
