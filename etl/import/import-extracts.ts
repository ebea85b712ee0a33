import fs from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import type { Db } from "../../lib/db/client";
import { etlImportFiles, etlImports } from "../../lib/db/schema";
import { detectFileKind, fileKinds, type FileKind } from "../../lib/imports/file-specs";
import { readCsvHeader, StructuralError } from "./extract/read-csv";
import { readExtractRows } from "./extract/read-extract";
import { readExtractRowsInWorker } from "./extract/read-extract-in-worker";
import { dropSecondaryIndexes } from "../sql-models/staging/deferred-indexes";
import { sortByDependency, StagingLoader } from "../sql-models/staging/staging-loader";
import { startRetrainingAfterImport, type Retraining } from "../risk-model/retrain-after-import";
import { scoreInvoicesWithActiveVersion, storeAsOfRun } from "../risk-model/store-score-run";
import type { TrainResult } from "../risk-model/train";
import { buildModels, switchToBuildCache, type ModelBuildStats } from "../sql-models/build-models";
import { importBuildScope } from "../sql-models/changed-accounts";
import { isProcessAlive } from "../../lib/process-alive";

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
  /**
   * Files of at least this many bytes are parsed and validated on a second thread while this one
   * loads them. Starting the thread costs about 0.3 s, which only a large file repays.
   */
  parallelReadBytes?: number;
  /** Model training sets of this many invoices or more are fitted on a second thread (tests lower it). */
  fitThreadFromRows?: number;
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
  /** How many accounts the models were rebuilt for, or "all" (etl/sql-models/changed-accounts.ts). */
  rebuiltAccounts: number | "all";
  /**
   * The new model version, trained after the commit: stored (promoted or not), skipped, or
   * failed, which leaves the import accepted and the active version serving. Absent when the
   * import did not land.
   */
  retraining?: TrainResult | { status: "failed"; error: string };
  /** From the start to the refusal, or to the record of an accepted import (before its commit). */
  durationMs: number;
  /** From the start to the commit, when accepted: the data is visible from then on. */
  committedAfterMs?: number;
};

export const defaultMaxRejectRate = 0.01;
/** At scale 100 this takes in the invoices (34 MB) and line items (126 MB), not the accounts (2.4 MB). */
const defaultParallelReadBytes = 16 * 1024 * 1024;
/** Enough to fix a bad extract by; counts stay exact beyond it. */
const storedRejectLimit = 100_000;


/**
 * Loads up to four extracts as one import. Rows are parsed, validated and upserted into staging
 * as they stream in, parents before children, with the cross-file rules judged on the way; then
 * the models are rebuilt. All of it is one transaction on `db`, so either the whole import lands
 * or nothing stored changes: give it a connection of its own, never the dashboard's shared one.
 * The CLI, the upload route and the tests all call this.
 */
export async function importExtracts(db: Db, sources: ExtractSource[], options: ImportOptions = {}): Promise<ImportResult> {
  const sqlite = db.$client;
  const mode = options.mode ?? "merge";
  const maxRejectRate = options.maxRejectRate ?? defaultMaxRejectRate;
  const started = performance.now();
  const importId = beginImportLog(db, { mode, maxRejectRate, source: options.source ?? "cli", startedBy: options.startedBy });

  const files = new Map<FileKind, FileStats>();
  const rejects = new RejectLog();
  let removedRows: ImportResult["removedRows"] = { accounts: 0, skus: 0, invoices: 0, invoice_line_items: 0 };
  let models: ModelBuildStats[] = [];
  let rebuiltAccounts: ImportResult["rebuiltAccounts"] = "all";
  const finish = (status: ImportStatus, error: string | null): ImportResult => {
    recordOutcome(db, importId, files, rejects, status, error, started);
    options.onProgress?.({ phase: "done", status });
    return {
      importId,
      status,
      error,
      files: fileKinds.flatMap((k) => files.get(k) ?? []),
      removedRows,
      models,
      rebuiltAccounts,
      durationMs: Math.round(performance.now() - started),
    };
  };

  let inTransaction = false;
  let restoreCache: (() => void) | undefined;
  let restoreCheckpoints: (() => void) | undefined;
  let retraining: Retraining | undefined;
  try {
    if (sources.length === 0) throw new StructuralError("(no files)", "nothing to import: give at least one of the four extracts");
    const planned = sortByDependency(await Promise.all(sources.map(resolveKind)));
    const duplicateKind = planned.find((p, i) => i > 0 && planned[i - 1]!.kind === p.kind);
    if (duplicateKind) throw new StructuralError(duplicateKind.fileName, `is a second ${duplicateKind.kind} extract in the same import`);

    // One write transaction from the first row to the commit: readers keep the previous data
    // until then, and a crash or a refusal leaves it exactly as it was.
    // SQLite would copy the import's pages from the WAL into the database file inside the
    // commit (an automatic checkpoint: at scale 100, 1.4 s of a 1.8 s commit). Readers see the
    // new data from the commit on either way, so the checkpoint waits until the import is done.
    restoreCheckpoints = deferCheckpoints(sqlite);
    sqlite.exec("begin immediate");
    inTransaction = true;
    // The load's index rebuilds sort too: the model builds' small cache keeps their sorters small.
    restoreCache = switchToBuildCache(sqlite);
    const loader = new StagingLoader(sqlite, { importId, replaceKinds: mode === "replace" ? new Set(planned.map((p) => p.kind)) : undefined });
    const invoices = planned.find((p) => p.kind === "invoices");
    const restoreIndexes = invoices && isLargeLoad(sqlite, invoices) ? dropSecondaryIndexes(sqlite, "stg_invoices") : undefined;
    for (const source of planned) {
      files.set(source.kind, await readExtract(loader, rejects, source, options));
    }
    restoreIndexes?.();

    options.onProgress?.({ phase: "validating" });
    const overLimit = [...files.values()].find((f) => f.rowsRejected / f.rowsRead > maxRejectRate);
    if (overLimit) {
      sqlite.exec("rollback");
      inTransaction = false;
      const share = ((overLimit.rowsRejected / overLimit.rowsRead) * 100).toFixed(2);
      return finish(
        "refused",
        `${overLimit.fileName}: ${overLimit.rowsRejected} of ${overLimit.rowsRead} rows rejected (${share}%), more than the ${(maxRejectRate * 100).toFixed(2)}% allowed; nothing was imported`,
      );
    }

    options.onProgress?.({ phase: "merging" });
    if (mode === "replace") removedRows = loader.removeRowsMissingFromSnapshot();
    const scope = importBuildScope(sqlite);
    rebuiltAccounts = scope === "all" ? "all" : scope.length;
    models = buildModels(sqlite, scope, (s) => {
      options.onProgress?.({ phase: "building", model: s.name, rows: s.rows, ms: s.ms });
      // The training data is read here, in the transaction, and fitted beside the other marts.
      if (s.name === "mart_invoice_features") retraining = startRetrainingAfterImport(db, importId, options.fitThreadFromRows);
    });
    // Scores must never describe data other than the marts they sit beside: the active
    // version scores the new data in the same transaction. The as-of date's stored ranking is a
    // record for the model page, keyed by this data version, so it is written after the commit.
    const scored = scoreInvoicesWithActiveVersion(db, scope);
    const result = finish("accepted", null);
    sqlite.exec("commit");
    inTransaction = false;
    result.committedAfterMs = Math.round(performance.now() - started);
    if (scored) storeAsOfRun(db, importId);
    try {
      result.retraining = retraining ? await retraining.finish() : undefined;
    } catch (error) {
      result.retraining = { status: "failed", error: String(error) };
    }
    sqlite.pragma("wal_checkpoint(PASSIVE)");
    return result;
  } catch (error) {
    if (inTransaction) sqlite.exec("rollback");
    if (error instanceof StructuralError) return finish("refused", error.message);
    db.update(etlImports)
      .set({ status: "failed", error: String(error), finishedAt: new Date().toISOString(), durationMs: Math.round(performance.now() - started) })
      .where(eq(etlImports.importId, importId))
      .run();
    throw error;
  } finally {
    retraining?.cancel();
    restoreCache?.();
    restoreCheckpoints?.();
  }
}

/** Turns off the connection's automatic checkpoints; returns the function that turns them back on. */
function deferCheckpoints(sqlite: Database.Database): () => void {
  const pages = sqlite.pragma("wal_autocheckpoint", { simple: true }) as number;
  sqlite.pragma("wal_autocheckpoint = 0");
  return () => sqlite.pragma(`wal_autocheckpoint = ${pages}`);
}

type PlannedSource = { path: string; fileName: string; kind: FileKind };

/** The shortest an invoices row gets in practice ("12345,678,2021-01-02,2021-02-03"). */
const minBytesPerInvoiceRow = 32;

/**
 * Whether an invoices file brings at least a third as many rows as stg_invoices holds. Past
 * that share, rebuilding its secondary indexes once is cheaper than updating them row by row
 * (measured at scale 100: 6.4 s with the indexes, 0.8 s + 1.5 s rebuild without).
 */
function isLargeLoad(sqlite: Database.Database, source: PlannedSource): boolean {
  const sizeBytes = fileSize(source.path);
  const stored = sqlite.prepare(`select count(*) from stg_invoices`).pluck().get() as number;
  return sizeBytes / minBytesPerInvoiceRow >= stored / 3;
}

/** Files load in dependency order, so a file's kind must be known before any of it is read. */
async function resolveKind(source: ExtractSource): Promise<PlannedSource> {
  const fileName = source.fileName ?? path.basename(source.path);
  if (source.kind) return { path: source.path, fileName, kind: source.kind };
  const header = await readCsvHeader(source.path, fileName);
  const kind = detectFileKind(header);
  if (kind === undefined) {
    throw new StructuralError(
      fileName,
      `is not one of the four extracts: its header (${header.slice(0, 8).join(", ")}) lacks the required columns of accounts, skus, invoices or invoice_line_items`,
      1,
    );
  }
  return { path: source.path, fileName, kind };
}

/** Rejects kept for the import log, capped; the per-file counts stay exact beyond the cap. */
class RejectLog {
  readonly rows: { kind: FileKind; line: number; column: string; value: string; reason: string }[] = [];

  add(kind: FileKind, line: number, column: string, value: string, reason: string): void {
    if (this.rows.length < storedRejectLimit) this.rows.push({ kind, line, column, value: value.slice(0, 200), reason });
  }
}

async function readExtract(
  loader: StagingLoader,
  rejects: RejectLog,
  source: PlannedSource,
  { onProgress, parallelReadBytes = defaultParallelReadBytes }: ImportOptions,
): Promise<FileStats> {
  const { fileName, kind } = source;
  let rowsRead = 0;
  let rowsRejected = 0;
  let bytesRead = 0;
  let sizeBytes = 0;
  const reject = (line: number, column: string, value: string, reason: string) => {
    rowsRejected++;
    rejects.add(kind, line, column, value, reason);
  };
  const progress = () => onProgress?.({ phase: "reading", fileName, kind, bytesRead, sizeBytes, rowsRead });

  const read = fileSize(source.path) >= parallelReadBytes ? readExtractRowsInWorker : readExtractRows;
  const summary = await read(source, {
    onBatch(batch) {
      rowsRead += batch.rowsRead;
      for (const r of batch.rejects) reject(r.line, r.column, r.value, r.reason);
      for (const { invoiceId, line } of batch.rejectedInvoices) loader.noteRejectedInvoice(invoiceId, line);
      for (const r of loader.loadMany(kind, batch.valid)) reject(r.line, r.column, r.value, r.reason);
      // Bytes are reported as they are read, rows once they are loaded: report both again here.
      progress();
    },
    onBytes(bytes, size) {
      bytesRead = bytes;
      sizeBytes = size;
      progress();
    },
  });
  if (summary.rowsRead === 0) throw new StructuralError(fileName, "has a header but no data rows");
  // A short row mid-file is one bad row; a short last row means the file itself was cut off
  // (a partial download or copy), and the rows after the cut are missing too.
  if (summary.lastShort) {
    throw new StructuralError(
      fileName,
      `the last line has ${summary.lastShort.found} of ${summary.headerLength} fields, so the file looks cut off (truncated); nothing was imported. Export or copy it again`,
      summary.lastShort.line,
    );
  }
  return { kind, fileName, sizeBytes: summary.sizeBytes, sha256: summary.sha256, rowsRead, rowsAccepted: rowsRead - rowsRejected, rowsRejected };
}

function fileSize(filePath: string): number {
  try {
    return fs.statSync(filePath).size;
  } catch {
    return 0; // reading the file reports why it cannot be read
  }
}

/** Thrown when another live process is importing; two imports at once would judge stale batches. */
export class ImportBusyError extends Error {}

function beginImportLog(
  db: Db,
  fields: { mode: "merge" | "replace"; maxRejectRate: number; source: "cli" | "upload" | "cdc"; startedBy?: string },
): number {
  // Checked before asking for the write lock: a running import holds that lock for its whole
  // length, and waiting on it would end in a bare "database is locked" instead of this message.
  const running = db.select().from(etlImports).where(eq(etlImports.status, "running")).all();
  const live = running.find((other) => other.pid !== null && other.pid !== process.pid && isProcessAlive(other.pid));
  if (live) {
    throw new ImportBusyError(`import #${live.importId} (started ${live.startedAt} by ${live.startedBy ?? "unknown"}) is still running; try again when it has finished`);
  }
  return db.$client.transaction(() => {
    for (const other of running) {
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
  rejects: RejectLog,
  status: ImportStatus,
  error: string | null,
  started: number,
): void {
  db.$client.transaction(() => {
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
    const fileNames = new Map([...files.values()].map((f) => [f.kind, f.fileName]));
    const insertReject = db.$client.prepare(`insert into etl_rejects (import_id, file_name, line, "column", value, reason) values (?, ?, ?, ?, ?, ?)`);
    const rank = (k: FileKind) => fileKinds.indexOf(k);
    const ordered = [...rejects.rows].sort((a, b) => rank(a.kind) - rank(b.kind) || a.line - b.line);
    for (const r of ordered) insertReject.run(importId, fileNames.get(r.kind) ?? r.kind, r.line, r.column || null, r.value, r.reason);
    db.update(etlImports)
      .set({ status, error, finishedAt: new Date().toISOString(), durationMs: Math.round(performance.now() - started) })
      .where(eq(etlImports.importId, importId))
      .run();
  })();
}
