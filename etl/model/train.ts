import { createHash } from "node:crypto";
import type { Db } from "../../lib/db/client";
import { fromDayNumber } from "../../lib/dates";
import type { Evaluation } from "../../lib/model/evaluation";
import type { FittedModel } from "../../lib/model/logistic";
import { ensureScoreRun, getDataVersion, getModelVersion, type ScoreRun } from "../../lib/queries/model";
import { runBacktest } from "./backtest";
import { loadDataset, MODEL_FEATURES, rowsKnownAt, sampleRows, type Dataset } from "./dataset";
import { evaluateHoldout, EvaluationError, fitFeatureSet, MAX_TRAINING_ROWS } from "./evaluate";

/*
 * Training a model version: evaluate on the temporal holdout (with both baselines), fit the
 * served model on every invoice whose outcome is known at the data cut-off, backtest month by
 * month, store it all, and score the data cut-off so the outreach list is ready.
 */

export type TrainResult =
  | { status: "trained"; versionId: number; evaluation: Evaluation; model: FittedModel; trainRows: number; run: ScoreRun; ms: number }
  | { status: "skipped"; reason: string; ms: number };

/** sha256 over the training rows: invoice id, label and features, in row order. */
function trainingHash(data: Dataset, rows: number[]): string {
  const hash = createHash("sha256");
  const k = MODEL_FEATURES.length;
  const buffer = Buffer.alloc(8 + 4 * k);
  for (const r of rows) {
    buffer.writeInt32LE(data.invId[r]!, 0);
    buffer.writeInt32LE(data.isLate[r]!, 4);
    for (let j = 0; j < k; j++) buffer.writeFloatLE(data.features[r * k + j]!, 8 + 4 * j);
    hash.update(buffer);
  }
  hash.update(MODEL_FEATURES.join(","));
  return hash.digest("hex");
}

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
  const ms = () => Math.round(performance.now() - started);
  const data = loadDataset(db);
  if (data.size === 0) return { status: "skipped", reason: "no invoices", ms: ms() };

  let evaluation: Evaluation;
  try {
    evaluation = evaluateHoldout(data, options.cutoff);
  } catch (error) {
    if (error instanceof EvaluationError) return { status: "skipped", reason: error.message, ms: ms() };
    throw error;
  }
  const rows = sampleRows(data, rowsKnownAt(data, data.dataCutoffDay), MAX_TRAINING_ROWS);
  const model = fitFeatureSet(data, rows, "model");
  let from = Infinity;
  let to = -Infinity;
  for (const r of rows) {
    from = Math.min(from, data.issuedDay[r]!);
    to = Math.max(to, data.issuedDay[r]!);
  }
  const backtest = runBacktest(data);
  const dataVersion = options.dataVersion === undefined ? getDataVersion(db) : options.dataVersion;
  const dataCutoff = fromDayNumber(data.dataCutoffDay);
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
        fromDayNumber(from),
        fromDayNumber(to),
        rows.length,
        trainingHash(data, rows),
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
    const run = ensureScoreRun(dataCutoff, db, { version, dataVersion })!;
    return { versionId, run };
  });
  const { versionId, run } = sqlite.inTransaction ? store() : store.immediate();
  return { status: "trained", versionId, evaluation, model, trainRows: rows.length, run, ms: ms() };
}
