import type { Db } from "../../lib/db/client";
import { fromDayNumber } from "../../lib/dates";
import type { Evaluation } from "../../lib/risk-model/evaluation";
import type { FittedModel } from "../../lib/risk-model/logistic";
import type { Promotion } from "../../lib/risk-model/promotion";
import { getActiveModelVersion, getDataVersion, type ScoreRun } from "../../lib/queries/risk-model";
import { scoreWithActiveVersion } from "./store-score-run";
import { loadDataset } from "./dataset";
import { fitVersion, type FittedVersion } from "./fit-version";

/*
 * Training a model version: evaluate on the temporal holdout (with both baselines), fit the
 * model on every invoice whose outcome is known at the data cut-off, backtest month by month
 * (etl/risk-model/fit-version.ts), compare it with the active version on the same holdout
 * (etl/risk-model/promote.ts) and store it all. A promoted version scores the data's as-of date
 * at once, so the outreach list is ready; one that was not promoted serves nothing.
 */

export type TrainResult =
  | {
      status: "trained";
      versionId: number;
      evaluation: Evaluation;
      model: FittedModel;
      trainRows: number;
      promotion: Promotion;
      /** The as-of date's ranking by the new version; null when it was not promoted. */
      run: ScoreRun | null;
      ms: number;
    }
  | { status: "skipped"; reason: string; ms: number };

export type TrainOptions = {
  /** The import (or change batch) the data comes from; defaults to the last accepted one. */
  dataVersion?: number | null;
  /** Holdout cutoff for the stored evaluation; defaults to 120 days before the data cut-off. */
  cutoff?: string;
};

/**
 * Trains and stores a model version. Returns "skipped" (and stores nothing) when the data is
 * too small or one-sided to fit and evaluate, as with a handful of fixture invoices, or when
 * the active version was trained on exactly the same rows.
 */
export function trainModel(db: Db, options: TrainOptions = {}): TrainResult {
  const started = performance.now();
  const data = loadDataset(db);
  return storeVersion(db, data.dataCutoffDay, fitVersion(data, options.cutoff, getActiveModelVersion(db)), options, started);
}

/**
 * Stores a fitted version with its backtest and promotion decision and, when it was promoted,
 * the as-of date's ranking by it, in one transaction. `started` is when training began, for
 * the timing.
 */
export function storeVersion(db: Db, dataCutoffDay: number, fitted: FittedVersion, options: TrainOptions, started: number): TrainResult {
  const ms = () => Math.round(performance.now() - started);
  if (fitted.status === "skipped") return { status: "skipped", reason: fitted.reason, ms: ms() };
  const active = getActiveModelVersion(db);
  if (active && active.trainDataHash === fitted.trainDataHash) {
    return { status: "skipped", reason: `version ${active.versionId} was trained on exactly these rows`, ms: ms() };
  }
  const { evaluation, model, train, backtest, promotion } = fitted;
  const dataVersion = options.dataVersion === undefined ? getDataVersion(db) : options.dataVersion;
  const dataCutoff = fromDayNumber(dataCutoffDay);
  const sqlite = db.$client;

  const now = new Date().toISOString();
  const store = sqlite.transaction(() => {
    const versionId = sqlite
      .prepare(
        `insert into model_versions (trained_at, data_version, data_cutoff, train_from, train_to, train_rows, train_data_hash, model, metrics,
           promoted_at, promotion, on_time_survival)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning version_id`,
      )
      .pluck()
      .get(
        now,
        dataVersion,
        dataCutoff,
        train.from,
        train.to,
        train.rows,
        fitted.trainDataHash,
        JSON.stringify(model),
        JSON.stringify(evaluation),
        promotion.decision === "promoted" ? now : null,
        JSON.stringify(promotion),
        JSON.stringify(fitted.onTimeSurvival),
      ) as number;
    const insertMonth = sqlite.prepare(
      `insert into model_backtest_months (version_id, as_of, train_rows, accounts, high_accounts, high_late, high_not_overdue, high_not_overdue_late,
         medium_accounts, medium_late, low_accounts, low_late, pending_accounts, expected_late_cents, actual_late_cents)
       values (@versionId, @asOf, @trainRows, @accounts, @highAccounts, @highLate, @highNotOverdue, @highNotOverdueLate,
         @mediumAccounts, @mediumLate, @lowAccounts, @lowLate, @pendingAccounts, @expectedLateCents, @actualLateCents)`,
    );
    for (const month of backtest) insertMonth.run({ versionId, ...month });
    // Once promoted it is the active version: it scores every invoice, then the as-of date.
    const run = promotion.decision === "promoted" ? scoreWithActiveVersion(db, dataVersion) : null;
    return { versionId, run };
  });
  const { versionId, run } = sqlite.inTransaction ? store() : store.immediate();
  return { status: "trained", versionId, evaluation, model, trainRows: train.rows, promotion, run, ms: ms() };
}
