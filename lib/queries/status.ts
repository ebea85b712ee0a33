import { getDb, type Db } from "../db/client";
import { prepared } from "./statements";

export type DataStatus = {
  /**
   * The data's as-of date and every page's default: the latest day on which an invoice was
   * issued or a payment made. Null before the first import.
   */
  asOf: string | null;
  /** Earliest issue date: the lower bound of the as-of picker. */
  firstIssued: string | null;
  /** Latest issue date: the header says it beside the as-of date. */
  lastIssued: string | null;
  /**
   * The store was built by older rules: its models when the as-of date was the latest issue
   * date (payments after it counted as unknown), or its model version before invoices were
   * scored at issue. `npm run etl -- rebuild` (or any import) builds it anew.
   */
  needsRebuild: boolean;
  lastImportFinishedAt: string | null;
  lastImportStatus: string | null;
};

export function getDataStatus(db: Db = getDb()): DataStatus {
  const state = new Map(
    prepared(db, `select key, value from etl_state where key in ('data_cutoff', 'first_issued', 'last_issued')`)
      .raw()
      .all() as [string, string][],
  );
  const lastImport = prepared(
    db,
    `select coalesce(finished_at, started_at) as at, status from etl_imports
     where status <> 'running' order by import_id desc limit 1`,
  ).get() as { at: string; status: string } | undefined;
  const asOf = state.get("data_cutoff") ?? null;
  const unscored = prepared(
    db,
    `select exists (select 1 from model_versions where promoted_at is not null) and not exists (select 1 from model_invoice_risk)`,
  ).pluck().get() as number;
  return {
    asOf,
    firstIssued: state.get("first_issued") ?? null,
    // Each model build records both bounds; one built before last_issued was recorded used the old rule.
    lastIssued: state.get("last_issued") ?? null,
    needsRebuild: asOf !== null && (!state.has("last_issued") || unscored === 1),
    lastImportFinishedAt: lastImport?.at ?? null,
    lastImportStatus: lastImport?.status ?? null,
  };
}
