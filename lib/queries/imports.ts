import { z } from "zod";
import { getDb, type Db } from "../db/client";
import type { EtlImport, etlImportFiles } from "../db/schema";
import { importSummarySchema, type ImportSummary } from "../imports/import-summary";
import { prepared } from "./statements";
import { isProcessAlive } from "../process-alive";

/*
 * Reads on the import log (etl_imports, etl_import_files, etl_rejects, etl_import_summaries)
 * for the import history, the import detail page, the rejects download and the upload route's
 * duplicate check.
 */

export type ImportStatusLabel = EtlImport["status"] | "interrupted";

export type ImportListItem = {
  importId: number;
  source: EtlImport["source"];
  mode: EtlImport["mode"];
  status: ImportStatusLabel;
  startedBy: string | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  error: string | null;
  fileCount: number;
  fileNames: string;
  rowsRead: number;
  rowsRejected: number;
};

/**
 * A "running" row whose process is gone was killed before it committed; the next import marks it
 * failed, but until then the history should not claim it is still running.
 */
function displayStatus(row: { status: EtlImport["status"]; pid: number | null }): ImportStatusLabel {
  if (row.status === "running" && row.pid !== null && !isProcessAlive(row.pid)) return "interrupted";
  return row.status;
}

export function getImports(options: { page: number; pageSize: number }, db: Db = getDb()): { rows: ImportListItem[]; total: number } {
  const total = prepared(db, `select count(*) from etl_imports`).pluck().get() as number;
  const rows = prepared(
    db,
    `select i.import_id as importId, i.source, i.mode, i.status, i.pid, i.started_by as startedBy, i.started_at as startedAt,
            i.finished_at as finishedAt, i.duration_ms as durationMs, i.error,
            count(f.file_kind) as fileCount, coalesce(group_concat(f.file_name, ', '), '') as fileNames,
            coalesce(sum(f.rows_read), 0) as rowsRead, coalesce(sum(f.rows_rejected), 0) as rowsRejected
     from etl_imports i left join etl_import_files f on f.import_id = i.import_id
     group by i.import_id
     order by i.import_id desc
     limit ? offset ?`,
  ).all(options.pageSize, (options.page - 1) * options.pageSize) as (Omit<ImportListItem, "status"> & { status: EtlImport["status"]; pid: number | null })[];
  return { rows: rows.map(({ pid, ...r }) => ({ ...r, status: displayStatus({ status: r.status, pid }) })), total };
}

export type ImportFile = Omit<typeof etlImportFiles.$inferSelect, "importId">;

export type ImportDetail = Omit<ImportListItem, "fileCount" | "fileNames" | "rowsRead" | "rowsRejected"> & {
  maxRejectRate: number;
  files: ImportFile[];
  rejectCount: number;
  summary: ImportSummary | null;
};

const fileOrder = `case file_kind when 'accounts' then 1 when 'skus' then 2 when 'invoices' then 3 else 4 end`;

export function getImport(importId: number, db: Db = getDb()): ImportDetail | null {
  const row = prepared(
    db,
    `select import_id as importId, source, mode, status, pid, started_by as startedBy, started_at as startedAt,
            finished_at as finishedAt, duration_ms as durationMs, error, max_reject_rate as maxRejectRate
     from etl_imports where import_id = ?`,
  ).get(importId) as (Omit<ImportDetail, "files" | "rejectCount" | "summary" | "status"> & { status: EtlImport["status"]; pid: number | null }) | undefined;
  if (!row) return null;
  const files = prepared(
    db,
    `select file_kind as fileKind, file_name as fileName, size_bytes as sizeBytes, sha256, rows_read as rowsRead,
            rows_accepted as rowsAccepted, rows_rejected as rowsRejected
     from etl_import_files where import_id = ? order by ${fileOrder}`,
  ).all(importId) as ImportFile[];
  const rejectCount = prepared(db, `select count(*) from etl_rejects where import_id = ?`).pluck().get(importId) as number;
  const summaryText = prepared(db, `select summary from etl_import_summaries where import_id = ?`).pluck().get(importId) as string | undefined;
  const { pid, ...rest } = row;
  return {
    ...rest,
    status: displayStatus({ status: row.status, pid }),
    files,
    rejectCount,
    summary: summaryText === undefined ? null : importSummarySchema.parse(JSON.parse(summaryText)),
  };
}

export type RejectRow = { rejectId: number; fileName: string; line: number | null; column: string | null; value: string | null; reason: string };

export const rejectsParamsSchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  pageSize: z.coerce.number().int().min(10).max(500).catch(50),
});

export function getImportRejects(importId: number, options: { page: number; pageSize: number }, db: Db = getDb()): { rows: RejectRow[]; total: number } {
  const total = prepared(db, `select count(*) from etl_rejects where import_id = ?`).pluck().get(importId) as number;
  const rows = prepared(
    db,
    `select reject_id as rejectId, file_name as fileName, line, "column", value, reason
     from etl_rejects where import_id = ? order by reject_id limit ? offset ?`,
  ).all(importId, options.pageSize, (options.page - 1) * options.pageSize) as RejectRow[];
  return { rows, total };
}

/**
 * The next batch of an import's rejects after `afterId`, for streaming the CSV download. Keyset
 * pages rather than one open iterator: an iterator would hold the shared connection busy
 * between chunks and fail every other query on it.
 */
export function getImportRejectsAfter(importId: number, afterId: number, limit: number, db: Db = getDb()): RejectRow[] {
  return prepared(
    db,
    `select reject_id as rejectId, file_name as fileName, line, "column", value, reason
     from etl_rejects where import_id = ? and reject_id > ? order by reject_id limit ?`,
  ).all(importId, afterId, limit) as RejectRow[];
}

export type RejectReasonGroup = { fileName: string; column: string | null; reason: string; count: number; firstLine: number | null };

/**
 * Rejects grouped by what went wrong. Reasons carry the offending id or line ("unknown account
 * 99"), so numbers are folded into "N" to group "unknown account N" as one reason.
 */
export function getRejectReasons(importId: number, db: Db = getDb()): RejectReasonGroup[] {
  const groups = new Map<string, RejectReasonGroup>();
  // At most the ETL's stored-reject cap (100,000) short rows; read at once, not iterated (see above).
  const rows = prepared(db, `select file_name as fileName, "column", reason, line from etl_rejects where import_id = ? order by reject_id`).all(importId) as {
    fileName: string;
    column: string | null;
    reason: string;
    line: number | null;
  }[];
  for (const row of rows) {
    const reason = row.reason.replace(/\d+(\.\d+)?/g, "N");
    const key = `${row.fileName}\u0000${row.column ?? ""}\u0000${reason}`;
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { fileName: row.fileName, column: row.column, reason, count: 1, firstLine: row.line });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

export type AlreadyImported = { importId: number; kind: string; finishedAt: string | null };

/**
 * The files (by SHA-256) whose exact bytes the stored data already reflects, so importing them
 * again would change nothing. A file counts only when the latest accepted import that could have
 * touched its table loaded this very file: a later file of the same kind, any change-event batch
 * and any replace (which cascades across tables) make a re-import meaningful again. A replace is
 * a no-op only after a replace with the same file; after a merge, older rows may remain that the
 * replace would remove.
 */
export function getAlreadyImportedFiles(db: Db, sha256s: readonly string[], mode: "merge" | "replace"): Map<string, AlreadyImported> {
  const latestWithFile = prepared(
    db,
    `select f.import_id as importId, f.file_kind as kind, i.finished_at as finishedAt, i.mode as mode
     from etl_import_files f join etl_imports i on i.import_id = f.import_id
     where f.sha256 = ? and i.status = 'accepted'
     order by f.import_id desc limit 1`,
  );
  const touchedSince = prepared(
    db,
    `select 1 from etl_imports i
     where i.status = 'accepted' and i.import_id > ?
       and (i.source = 'cdc' or i.mode = 'replace'
            or exists (select 1 from etl_import_files f where f.import_id = i.import_id and f.file_kind = ?))
     limit 1`,
  );
  const found = new Map<string, AlreadyImported>();
  for (const sha256 of sha256s) {
    const match = latestWithFile.get(sha256) as (AlreadyImported & { mode: "merge" | "replace" }) | undefined;
    if (!match) continue;
    if (mode === "replace" && match.mode !== "replace") continue;
    if (touchedSince.get(match.importId, match.kind) !== undefined) continue;
    found.set(sha256, { importId: match.importId, kind: match.kind, finishedAt: match.finishedAt });
  }
  return found;
}
