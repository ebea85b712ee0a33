import type { Db } from "../../lib/db/client";
import { fromDayNumber } from "../../lib/dates";
import type { Evaluation } from "../../lib/risk-model/evaluation";
import type { FittedModel } from "../../lib/risk-model/logistic";
import { getDataVersion, getModelVersion, type ScoreRun } from "../../lib/queries/risk-model";
import { storeScoreRun } from "./store-score-run";
import { loadDataset } from "./dataset";
import { fitVersion, type FittedVersion } from "./fit-version";

/*
 * Training a model version: evaluate on the temporal holdout (with both baselines), fit the
 * served model on every invoice whose outcome is known at the data cut-off, backtest month by
 * month (etl/risk-model/fit-version.ts), store it all, and score the data cut-off so the outreach
 * list is ready.
 */

export type TrainResult =
  | { status: "trained"; versionId: number; evaluation: Evaluation; model: FittedModel; trainRows: number; run: ScoreRun; ms: number }
  | { status: "skipped"; reason: string; ms: number };

export type TrainOptions = {
  /** The import (or change batch) the data comes from; defaults to the last accepted one. */
  dataVersion?: number | null;
  /** Holdout cutoff for the stored evaluation; defaults to 120 days before the data cut-off. */
  cutoff?: string;
};

/**
 * Trains and stores a model version. Returns "skipped" (and stores nothing) when the data is
 * too small or one-sided to fit and evaluate, as with a handful of fixture invoices.
 */
export function trainModel(db: Db, options: TrainOptions = {}): TrainResult {
  const started = performance.now();
  const data = loadDataset(db);
  return storeVersion(db, data.dataCutoffDay, fitVersion(data, options.cutoff), options, started);
}

/**
 * Stores a fitted version with its backtest and scores the data cut-off with it, in one
 * transaction (the caller's, when it has one). `started` is when training began, for the timing.
 */
export function storeVersion(db: Db, dataCutoffDay: number, fitted: FittedVersion, options: TrainOptions, started: number): TrainResult {
  const ms = () => Math.round(performance.now() - started);
  if (fitted.status === "skipped") return { status: "skipped", reason: fitted.reason, ms: ms() };
  const { evaluation, model, train, backtest } = fitted;
  const dataVersion = options.dataVersion === undefined ? getDataVersion(db) : options.dataVersion;
  const dataCutoff = fromDayNumber(dataCutoffDay);
  const sqlite = db.$client;

  const store = sqlite.transaction(() => {
    const versionId = sqlite
      .prepare(
        `insert into model_versions (trained_at, data_version, data_cutoff, train_from, train_to, train_rows, train_data_hash, model, metrics)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning version_id`,
      )
      .pluck()
      .get(
        new Date().toISOString(),
        dataVersion,
        dataCutoff,
        train.from,
        train.to,
        train.rows,
        fitted.trainDataHash,
        JSON.stringify(model),
        JSON.stringify(evaluation),
      ) as number;
    const insertMonth = sqlite.prepare(
      `insert into model_backtest_months (version_id, as_of, train_rows, accounts, high_accounts, high_late, high_not_overdue, high_not_overdue_late,
         medium_accounts, medium_late, low_accounts, low_late, pending_accounts, expected_late_cents, actual_late_cents)
       values (@versionId, @asOf, @trainRows, @accounts, @highAccounts, @highLate, @highNotOverdue, @highNotOverdueLate,
         @mediumAccounts, @mediumLate, @lowAccounts, @lowLate, @pendingAccounts, @expectedLateCents, @actualLateCents)`,
    );
    for (const month of backtest) insertMonth.run({ versionId, ...month });
    const version = getModelVersion(versionId, db)!;
    const run = storeScoreRun(db, dataCutoff, version, dataVersion);
    return { versionId, run };
  });
  const { versionId, run } = sqlite.inTransaction ? store() : store.immediate();
  return { status: "trained", versionId, evaluation, model, trainRows: train.rows, run, ms: ms() };
}
