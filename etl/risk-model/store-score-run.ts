import type { Db } from "../../lib/db/client";
import { compareOutreachPriority, getAccountPositionsAt } from "../../lib/queries/outreach";
import { findScoreRun, getAccountReasonsAt, getActiveModelVersion, RUN_COLUMNS, scorerOf, type ScoreRun } from "../../lib/queries/risk-model";
import { bandOf, conditionOnAge } from "../../lib/risk-model/scoring";
import { openAtSql } from "../../lib/sql/rules";
import { getDataCutoff, type BuildScope } from "../sql-models/build-models";
import { scoreInvoicesAtIssue } from "./score-invoices";

/**
 * Scores the data's as-of date with the active version, for a new data version (an import, a
 * rebuild): every invoice's probability at issue first, then the date's ranking. Null before
 * any version is active or with no invoices.
 */
export function scoreWithActiveVersion(db: Db, dataVersion: number | null): ScoreRun | null {
  return scoreInvoicesWithActiveVersion(db) ? storeAsOfRun(db, dataVersion) : null;
}

/**
 * The invoices' probabilities at issue by the active version, for every invoice or for the
 * accounts a build rebuilt: what the dashboard scores any date from, so it belongs in the
 * transaction that changes the marts. False with no version.
 */
export function scoreInvoicesWithActiveVersion(db: Db, scope: BuildScope = "all"): boolean {
  const version = getActiveModelVersion(db);
  if (!version) return false;
  scoreInvoicesAtIssue(db, version, scope);
  return true;
}

/** The data's as-of date's stored ranking (storeScoreRun); null with no version or no data. */
export function storeAsOfRun(db: Db, dataVersion: number | null): ScoreRun | null {
  const asOf = getDataCutoff(db.$client);
  return asOf && getActiveModelVersion(db) ? storeScoreRun(db, asOf, dataVersion) : null;
}

/**
 * Stores the active version's ranking of `asOf` as a run (its account scores with their
 * reasons, and its open invoices' scores), unless that version already stored the date on this
 * data. The ranking is the outreach list's own (lib/queries/outreach.ts); a stored run is never
 * recomputed, so it can be shown again exactly as it was.
 */
export function storeScoreRun(db: Db, asOf: string, dataVersion: number | null): ScoreRun {
  const version = getActiveModelVersion(db);
  if (!version) throw new Error("storeScoreRun: no model version is active");
  const existing = findScoreRun(asOf, version.versionId, dataVersion, db);
  if (existing) return existing;
  const sqlite = db.$client;
  const scorer = scorerOf(version);
  const accounts = getAccountPositionsAt(asOf, db)
    .filter((p) => p.model !== null)
    .sort(compareOutreachPriority);
  const reasons = getAccountReasonsAt(asOf, accounts.map((a) => a.accountId), version, db);
  const invoices = (
    sqlite
      .prepare(
        `select invoice_id, account_id, cast(julianday(@as_of) - julianday(date_issued) as integer) as age, total_cents, probability_at_issue
         from model_invoice_risk as i
         where ${openAtSql("i", "@as_of")}`,
      )
      .raw()
      .all({ as_of: asOf }) as [number, number, number, number, number][]
  ).map(([invoiceId, accountId, age, cents, atIssue]) => ({ invoiceId, accountId, age, cents, atIssue, now: conditionOnAge(atIssue, age, scorer.onTimeSurvival) }));
  // P(at least one open invoice ends up late), the invoices' outcomes independent given the features.
  const noneLate = new Map<number, number>();
  for (const i of invoices) noneLate.set(i.accountId, (noneLate.get(i.accountId) ?? 1) * (1 - i.now));
  const store = sqlite.transaction((): ScoreRun => {
    const run = sqlite
      .prepare(
        `insert into model_score_runs (as_of, version_id, data_version, scored_at, accounts, invoices) values (?, ?, ?, ?, ?, ?)
         returning ${RUN_COLUMNS}`,
      )
      .get(asOf, version.versionId, dataVersion, new Date().toISOString(), accounts.length, invoices.length) as ScoreRun;
    const insertAccount = sqlite.prepare(
      `insert into model_account_scores (run_id, account_id, rank, probability, band, expected_late_cents, open_cents, open_count, overdue_cents,
         not_due_cents, not_due_late_share, reasons)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    accounts.forEach((a, i) => {
      const m = a.model!;
      const probability = 1 - (noneLate.get(a.accountId) ?? 1);
      const row = [probability, bandOf(probability), m.expectedLateCents, a.openCents, a.openCount, a.overdueCents, m.notDueCents, m.notDueLateShare];
      insertAccount.run(run.runId, a.accountId, i + 1, ...row, JSON.stringify(reasons.get(a.accountId) ?? []));
    });
    const insertInvoice = sqlite.prepare(
      `insert into model_invoice_scores (run_id, invoice_id, account_id, age_days, amount_cents, probability_at_issue, probability) values (?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const i of invoices) insertInvoice.run(run.runId, i.invoiceId, i.accountId, i.age, i.cents, i.atIssue, i.now);
    return run;
  });
  return sqlite.inTransaction ? store() : store.immediate();
}
