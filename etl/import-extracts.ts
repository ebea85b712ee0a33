import path from "node:path";
import type Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import type { Db } from "../lib/db/client";
import { etlImportFiles, etlImports, etlRejects } from "../lib/db/schema";
import { detectFileKind, fileSpecs, type FileKind } from "./extract/file-specs";
import { readCsvFile, StructuralError, type CsvRecord } from "./extract/read-csv";
import { describeRowProblem, rowSchemas } from "./extract/row-schemas";
import { parseInteger } from "./extract/values";
import { createBatchTables, dropBatchTables, prepareBatchWriters, type BatchWriters } from "./load/batch-tables";
import { checkRelations } from "./load/check-relations";
import { mergeIntoStaging } from "./load/merge-staging";
import { buildModels, type ModelBuildStats } from "./models/build-models";

export type ExtractSource = {
  path: string;
  /** Shown in messages and stored in the import log; defaults to the file's base name. */
  fileName?: string;
  /** Expected kind (the CLI knows it from the file name); otherwise it is read from the header. */
  kind?: FileKind;
};

export type ImportProgress =
  | { phase: "reading"; fileName: string; kind: FileKind | undefined; bytesRead: number; sizeBytes: number; rowsRead: number }
  | { phase: "validating" }
  | { phase: "merging" }
  | { phase: "building"; model: string; rows: number; ms: number }
  | { phase: "done"; status: ImportStatus };

export type ImportOptions = {
  mode?: "merge" | "replace";
  /** Largest share of rejected rows any one file may have before the whole import is refused. */
  maxRejectRate?: number;
  source?: "cli" | "upload" | "cdc";
  startedBy?: string;
  onProgress?: (event: ImportProgress) => void;
};

export type ImportStatus = "accepted" | "refused";

export type FileStats = {
  kind: FileKind;
  fileName: string;
  sizeBytes: number;
  sha256: string;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
};

export type ImportResult = {
  importId: number;
  status: ImportStatus;
  /** Why the import was refused; null when accepted. */
  error: string | null;
  files: FileStats[];
  removedRows: Record<FileKind, number>;
  models: ModelBuildStats[];
  durationMs: number;
};

export const defaultMaxRejectRate = 0.01;
/** Enough to fix a bad extract by; counts stay exact beyond it. */
const storedRejectLimit = 100_000;

const fileOrder: FileKind[] = ["accounts", "skus", "invoices", "invoice_line_items"];

/**
 * Loads up to four extracts as one import: parse and validate every row, judge the cross-file
 * rules, then merge into staging and rebuild the models in a single transaction. Either the
 * whole import lands or nothing stored changes. The CLI, the upload route and tests all call this.
 */
export async function importExtracts(db: Db, sources: ExtractSource[], options: ImportOptions = {}): Promise<ImportResult> {
  const sqlite = db.$client;
  const mode = options.mode ?? "merge";
  const maxRejectRate = options.maxRejectRate ?? defaultMaxRejectRate;
  const started = performance.now();
  const importId = beginImportLog(db, { mode, maxRejectRate, source: options.source ?? "cli", startedBy: options.startedBy });

  const files = new Map<FileKind, FileStats>();
  let removedRows: ImportResult["removedRows"] = { accounts: 0, skus: 0, invoices: 0, invoice_line_items: 0 };
  let models: ModelBuildStats[] = [];
  const finish = (status: ImportStatus, error: string | null): ImportResult => {
    const result: ImportResult = {
      importId,
      status,
      error,
      files: fileOrder.flatMap((k) => files.get(k) ?? []),
      removedRows,
      models,
      durationMs: Math.round(performance.now() - started),
    };
    options.onProgress?.({ phase: "done", status });
    return result;
  };

  try {
    if (sources.length === 0) throw new StructuralError("(no files)", "nothing to import: give at least one of the four extracts");
    createBatchTables(sqlite);
    const writers = prepareBatchWriters(sqlite);

    for (const source of sources) {
      const stats = await readExtract(sqlite, writers, source, files, options.onProgress);
      files.set(stats.kind, stats);
    }

    options.onProgress?.({ phase: "validating" });
    const kinds = new Set(files.keys());
    sqlite.transaction(() => checkRelations(sqlite, { kinds, isReplace: mode === "replace" }))();
    countRejects(sqlite, files);

    const overLimit = [...files.values()].find((f) => f.rowsRead > 0 && f.rowsRejected / f.rowsRead > maxRejectRate);
    if (overLimit) {
      const share = ((overLimit.rowsRejected / overLimit.rowsRead) * 100).toFixed(2);
      const error = `${overLimit.fileName}: ${overLimit.rowsRejected} of ${overLimit.rowsRead} rows rejected (${share}%), more than the ${(maxRejectRate * 100).toFixed(2)}% allowed; nothing was imported`;
      sqlite.transaction(() => recordOutcome(db, importId, files, "refused", error, started))();
      return finish("refused", error);
    }

    sqlite
      .transaction(() => {
        options.onProgress?.({ phase: "merging" });
        const merged = mergeIntoStaging(sqlite, kinds, { isReplace: mode === "replace", importId });
        removedRows = merged.removedRows;
        models = buildModels(sqlite, merged.affectedAccounts, (s) => options.onProgress?.({ phase: "building", model: s.name, rows: s.rows, ms: s.ms }));
        recordOutcome(db, importId, files, "accepted", null, started);
      })
      .immediate();
    return finish("accepted", null);
  } catch (error) {
    if (error instanceof StructuralError) {
      sqlite.transaction(() => recordOutcome(db, importId, files, "refused", error.message, started))();
      return finish("refused", error.message);
    }
    db.update(etlImports)
      .set({ status: "failed", error: String(error), finishedAt: new Date().toISOString(), durationMs: Math.round(performance.now() - started) })
      .where(eq(etlImports.importId, importId))
      .run();
    throw error;
  } finally {
    dropBatchTables(sqlite);
  }
}

async function readExtract(
  sqlite: Database.Database,
  writers: BatchWriters,
  source: ExtractSource,
  seen: Map<FileKind, FileStats>,
  onProgress: ImportOptions["onProgress"],
): Promise<FileStats> {
  const fileName = source.fileName ?? path.basename(source.path);
  let kind: FileKind | undefined = source.kind;
  let columnIndex: number[] = [];
  let headerLength = 0;
  let rowsRead = 0;
  let sizeBytes = 0;

  const insertChunk = sqlite.transaction((records: CsvRecord[]) => {
    const k = kind!;
    const spec = fileSpecs[k];
    const schema = rowSchemas[k];
    const insert = writers.insert[k] as (line: number, row: unknown) => void;
    for (const { line, fields } of records) {
      rowsRead++;
      if (fields.length !== headerLength) {
        const detail = fields.length < headerLength ? " (a cut-off or truncated line?)" : " (an unquoted comma?)";
        writers.reject(k, line, "", fields.join(",").slice(0, 200), `expected ${headerLength} fields, found ${fields.length}${detail}`);
        continue;
      }
      const raw: Record<string, string> = {};
      for (let c = 0; c < spec.columns.length; c++) raw[spec.columns[c]!] = fields[columnIndex[c]!]!.trim();
      const parsed = schema.safeParse(raw);
      if (parsed.success) {
        insert(line, parsed.data);
        continue;
      }
      const problem = describeRowProblem(parsed.error, raw);
      writers.reject(k, line, problem.column, problem.value.slice(0, 200), problem.reason);
      if (k === "invoices") {
        const invoiceId = parseInteger(raw.invoice_id ?? "");
        if (invoiceId !== undefined) writers.rejectInvoice(invoiceId, line);
      }
    }
  });
  const rejectSyntax = (line: number, reason: string) => {
    rowsRead++;
    writers.reject(kind!, line, "", "", reason);
  };

  const info = await readCsvFile(source.path, fileName, {
    onHeader(header) {
      const detected = detectFileKind(header);
      kind ??= detected;
      if (kind === undefined) {
        throw new StructuralError(
          fileName,
          `is not one of the four extracts: its header (${header.slice(0, 8).join(", ")}) lacks the required columns of accounts, skus, invoices or invoice_line_items`,
          1,
        );
      }
      const spec = fileSpecs[kind];
      const missing = spec.columns.filter((c) => !header.includes(c));
      if (missing.length > 0) {
        throw new StructuralError(fileName, `missing required column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`, 1, missing[0]);
      }
      const duplicate = header.find((h, i) => header.indexOf(h) !== i);
      if (duplicate) throw new StructuralError(fileName, `column ${duplicate} appears twice in the header`, 1, duplicate);
      if (seen.has(kind)) throw new StructuralError(fileName, `is a second ${kind} extract in the same import (${seen.get(kind)!.fileName} is the first)`);
      columnIndex = spec.columns.map((c) => header.indexOf(c));
      headerLength = header.length;
    },
    onRecords(records) {
      insertChunk(records);
    },
    onRecordError: rejectSyntax,
    onProgress(bytesRead) {
      onProgress?.({ phase: "reading", fileName, kind, bytesRead, sizeBytes, rowsRead });
    },
  });
  sizeBytes = info.sizeBytes;
  if (rowsRead === 0) throw new StructuralError(fileName, "has a header but no data rows");
  return { kind: kind!, fileName, sizeBytes: info.sizeBytes, sha256: info.sha256, rowsRead, rowsAccepted: 0, rowsRejected: 0 };
}

function countRejects(sqlite: Database.Database, files: Map<FileKind, FileStats>): void {
  const counts = sqlite.prepare(`select file_kind as kind, count(*) as n from temp.batch_rejects group by file_kind`).all() as {
    kind: FileKind;
    n: number;
  }[];
  for (const f of files.values()) {
    f.rowsRejected = counts.find((c) => c.kind === f.kind)?.n ?? 0;
    f.rowsAccepted = f.rowsRead - f.rowsRejected;
  }
}

/** Thrown when another live process is importing; two imports at once would judge stale batches. */
export class ImportBusyError extends Error {}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function beginImportLog(
  db: Db,
  fields: { mode: "merge" | "replace"; maxRejectRate: number; source: "cli" | "upload" | "cdc"; startedBy?: string },
): number {
  return db.$client.transaction(() => {
    const running = db.select().from(etlImports).where(eq(etlImports.status, "running")).all();
    for (const other of running) {
      if (other.pid !== null && other.pid !== process.pid && isProcessAlive(other.pid)) {
        throw new ImportBusyError(`import #${other.importId} (started ${other.startedAt} by ${other.startedBy ?? "unknown"}) is still running; try again when it has finished`);
      }
      // Its process is gone: it was killed before committing, so none of its data was stored.
      db.update(etlImports)
        .set({ status: "failed", error: "interrupted: the importing process stopped before it finished; nothing from it was stored" })
        .where(eq(etlImports.importId, other.importId))
        .run();
    }
    return insertImportLog(db, fields);
  }).immediate();
}

function insertImportLog(
  db: Db,
  fields: { mode: "merge" | "replace"; maxRejectRate: number; source: "cli" | "upload" | "cdc"; startedBy?: string },
): number {
  const row = db
    .insert(etlImports)
    .values({ ...fields, status: "running", pid: process.pid, startedBy: fields.startedBy ?? null })
    .returning({ importId: etlImports.importId })
    .get();
  return row.importId;
}

function recordOutcome(
  db: Db,
  importId: number,
  files: Map<FileKind, FileStats>,
  status: ImportStatus,
  error: string | null,
  started: number,
): void {
  for (const f of files.values()) {
    db.insert(etlImportFiles)
      .values({
        importId,
        fileKind: f.kind,
        fileName: f.fileName,
        sizeBytes: f.sizeBytes,
        sha256: f.sha256,
        rowsRead: f.rowsRead,
        rowsAccepted: f.rowsAccepted,
        rowsRejected: f.rowsRejected,
      })
      .run();
  }
  const hasBatch = db.$client.prepare(`select count(*) from temp.sqlite_master where name = 'batch_rejects'`).pluck().get() as number;
  if (hasBatch > 0) {
    const fileNames = Object.fromEntries([...files.values()].map((f) => [f.kind, f.fileName]));
    const rejects = db.$client
      .prepare(`select file_kind, line, "column", value, reason from temp.batch_rejects
         order by case file_kind when 'accounts' then 1 when 'skus' then 2 when 'invoices' then 3 else 4 end, line
         limit ?`)
      .all(storedRejectLimit) as { file_kind: FileKind; line: number | null; column: string; value: string; reason: string }[];
    for (const r of rejects) {
      db.insert(etlRejects)
        .values({ importId, fileName: fileNames[r.file_kind] ?? r.file_kind, line: r.line, column: r.column || null, value: r.value, reason: r.reason })
        .run();
    }
  }
  db.update(etlImports)
    .set({ status, error, finishedAt: new Date().toISOString(), durationMs: Math.round(performance.now() - started) })
    .where(eq(etlImports.importId, importId))
    .run();
}
