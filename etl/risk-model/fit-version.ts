import { createHash } from "node:crypto";
import type { Evaluation } from "../../lib/risk-model/evaluation";
import type { FittedModel } from "../../lib/risk-model/logistic";
import type { BacktestMonth } from "../../lib/queries/risk-model";
import type { Promotion } from "../../lib/risk-model/promotion";
import { runBacktest } from "./backtest";
import { decidePromotion, type ActiveVersion } from "./promote";
import { MODEL_FEATURES, onTimeSurvivalAt, rowsKnownAt, sampleRows, type Dataset } from "./dataset";
import { evaluateHoldoutWithModel, EvaluationError, fitFeatureSet, MAX_TRAINING_ROWS, rowsWindow } from "./evaluate";

/*
 * Everything a model version is, computed from the dataset alone: no database, so it can run on
 * a second thread while the import builds the dashboard's marts (etl/risk-model/fit-in-worker.ts).
 */

export type FittedVersion =
  | {
      status: "fitted";
      evaluation: Evaluation;
      model: FittedModel;
      /** The same model fitted on the holdout's training rows only: what promotion compares. */
      holdoutModel: FittedModel;
      /** The served model's training rows: first and last issue date, count, late share. */
      train: Evaluation["train"];
      trainDataHash: string;
      backtest: BacktestMonth[];
      promotion: Promotion;
      /** S(0..30) from the on-time payments the version was trained on (lib/risk-model/scoring.ts). */
      onTimeSurvival: number[];
    }
  | { status: "skipped"; reason: string };

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

/**
 * Evaluates on the temporal holdout (with both baselines), fits the model on every invoice
 * whose outcome is known at the data cut-off, backtests month by month and decides whether it
 * takes over from `active`. "skipped" when the data is too small or one-sided to fit and
 * evaluate, as with a few fixture invoices.
 */
export function fitVersion(data: Dataset, cutoff: string | undefined, active: ActiveVersion | null): FittedVersion {
  if (data.size === 0) return { status: "skipped", reason: "no invoices" };
  let evaluation: Evaluation;
  let holdoutModel: FittedModel;
  try {
    ({ evaluation, holdoutModel } = evaluateHoldoutWithModel(data, cutoff));
  } catch (error) {
    if (error instanceof EvaluationError) return { status: "skipped", reason: error.message };
    throw error;
  }
  const rows = sampleRows(data, rowsKnownAt(data, data.dataCutoffDay), MAX_TRAINING_ROWS);
  return {
    status: "fitted",
    evaluation,
    holdoutModel,
    promotion: decidePromotion(data, { holdoutCutoff: evaluation.cutoff, holdoutModel }, active),
    onTimeSurvival: onTimeSurvivalAt(data, data.dataCutoffDay),
    model: fitFeatureSet(data, rows, "model"),
    train: rowsWindow(data, rows),
    trainDataHash: trainingHash(data, rows),
    backtest: runBacktest(data),
  };
}
