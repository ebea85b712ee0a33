import { getDb, type Db } from "../db/client";
import { prepared } from "./statements";

export type DataStatus = {
  /** The data cut-off (latest issue date) and the default as-of date; null before the first import. */
  cutoff: string | null;
  /** Earliest issue date: the lower bound of the as-of picker. */
  firstIssued: string | null;
  lastImportFinishedAt: string | null;
  lastImportStatus: string | null;
};

export function getDataStatus(db: Db = getDb()): DataStatus {
  const cutoff = prepared(db, `select value from etl_state where key = 'data_cutoff'`).pluck().get() as
    | string
    | undefined;
  // Recorded by each model build; a database last built before that was recorded falls back to a scan.
  const firstIssued = prepared(
    db,
    `select coalesce((select value from etl_state where key = 'first_issued'), (select min(date_issued) from mart_invoices))`,
  ).pluck().get() as string | null;
  const lastImport = prepared(
    db,
    `select coalesce(finished_at, started_at) as at, status from etl_imports
     where status <> 'running' order by import_id desc limit 1`,
  ).get() as { at: string; status: string } | undefined;
  return {
    cutoff: cutoff ?? null,
    firstIssued,
    lastImportFinishedAt: lastImport?.at ?? null,
    lastImportStatus: lastImport?.status ?? null,
  };
}
