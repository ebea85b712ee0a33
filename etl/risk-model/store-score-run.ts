import type { Db } from "../../lib/db/client";
import { findScoreRun, getActiveModelVersion, RUN_COLUMNS, scoreDate, type ModelVersion, type ScoreRun } from "../../lib/queries/risk-model";
import { getDataCutoff } from "../sql-models/build-models";

/**
 * Scores the data's as-of date with the active version, for a new data version (an import, a
 * rebuild): null before any version is active or with no invoices.
 */
export function scoreWithActiveVersion(db: Db, dataVersion: number | null): ScoreRun | null {
  const version = getActiveModelVersion(db);
  const asOf = getDataCutoff(db.$client);
  return version && asOf ? storeScoreRun(db, asOf, version, dataVersion) : null;
}

/**
 * Scores `asOf` with `version` and stores it as a run (its account and invoice scores and
 * reasons), unless this version already stored that date on this data. A stored run is never
 * recomputed, so a ranking once stored can be shown again exactly as it was.
 */
export function storeScoreRun(db: Db, asOf: string, version: ModelVersion, dataVersion: number | null): ScoreRun {
  const existing = findScoreRun(asOf, version.versionId, dataVersion, db);
  if (existing) return existing;
  const sqlite = db.$client;
  // Invoice scores wait for the write as numbers, not objects: one row of the insert below each.
  const fields = 6;
  const invoiceScores: number[] = [];
  const accounts = scoreDate(asOf, version, db, (scores) => {
    for (const s of scores) invoiceScores.push(s.invoiceId, s.accountId, s.ageDays, s.amountCents, s.probabilityAtIssue, s.probability);
  });
  const store = sqlite.transaction((): ScoreRun => {
    const run = sqlite
      .prepare(
        `insert into model_score_runs (as_of, version_id, data_version, scored_at, accounts, invoices) values (?, ?, ?, ?, ?, ?)
         returning ${RUN_COLUMNS}`,
      )
      .get(asOf, version.versionId, dataVersion, new Date().toISOString(), accounts.length, invoiceScores.length / fields) as ScoreRun;
    const insertAccount = sqlite.prepare(
      `insert into model_account_scores (run_id, account_id, rank, probability, band, expected_late_cents, open_cents, open_count, overdue_cents, reasons)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const a of accounts) {
      insertAccount.run(run.runId, a.accountId, a.rank, a.probability, a.band, a.expectedLateCents, a.openCents, a.openCount, a.overdueCents, JSON.stringify(a.reasons));
    }
    const insertInvoice = sqlite.prepare(
      `insert into model_invoice_scores (run_id, invoice_id, account_id, age_days, amount_cents, probability_at_issue, probability) values (?, ?, ?, ?, ?, ?, ?)`,
    );
    for (let i = 0; i < invoiceScores.length; i += fields) insertInvoice.run(run.runId, ...invoiceScores.slice(i, i + fields));
    return run;
  });
  return sqlite.inTransaction ? store() : store.immediate();
}
