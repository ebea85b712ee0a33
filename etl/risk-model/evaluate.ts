import { fromDayNumber, toDayNumber } from "../../lib/dates";
import { baseRate, summarise, type Evaluation } from "../../lib/risk-model/evaluation";
import { featureSets, type FeatureSetName } from "../../lib/risk-model/features";
import { fitLogistic, predict, type FittedModel } from "../../lib/risk-model/logistic";
import { designMatrix, labelsOf, rowsKnownAt, sampleRows, type Dataset } from "./dataset";

/** Training rows above this are sampled by invoice id: the fit stays ~1 s at a million invoices. */
export const MAX_TRAINING_ROWS = 200_000;
/** The default holdout: the last 120 days before the data cut-off are kept out of training. */
export const DEFAULT_HOLDOUT_DAYS = 120;

export class EvaluationError extends Error {}

export function fitFeatureSet(data: Dataset, rows: number[], set: FeatureSetName): FittedModel {
  const names = featureSets[set];
  return fitLogistic(designMatrix(data, rows, names), labelsOf(data, rows), names);
}

/** The issue dates, size and late share of a set of training or test rows. */
export function rowsWindow(data: Dataset, rows: number[]): Evaluation["train"] {
  let from = Infinity;
  let to = -Infinity;
  for (const r of rows) {
    from = Math.min(from, data.issuedDay[r]!);
    to = Math.max(to, data.issuedDay[r]!);
  }
  return { from: fromDayNumber(from), to: fromDayNumber(to), rows: rows.length, lateRate: baseRate(labelsOf(data, rows)) };
}

export function defaultCutoff(data: Dataset): string {
  return fromDayNumber(data.dataCutoffDay - DEFAULT_HOLDOUT_DAYS);
}

/**
 * Temporal holdout: fit on invoices whose outcome was known at `cutoff` (issued 31+ days
 * before it), test on invoices issued after it whose outcome is known at the data cut-off
 * (issued 31+ days before that, so quick payers are not over-represented). The model and the
 * two baselines see exactly the same rows.
 */
export function evaluateHoldout(data: Dataset, cutoff: string = defaultCutoff(data)): Evaluation {
  return evaluateHoldoutWithModel(data, cutoff).evaluation;
}

/** The holdout's rows: training and test, as evaluateHoldout describes them. */
export function holdoutSplit(data: Dataset, cutoff: string): { cutoffDay: number; trainRows: number[]; testRows: number[] } {
  const cutoffDay = toDayNumber(cutoff);
  if (cutoffDay === null) throw new EvaluationError(`cutoff ${cutoff} is not a date`);
  const trainRows = sampleRows(data, rowsKnownAt(data, cutoffDay), MAX_TRAINING_ROWS);
  const testRows = rowsKnownAt(data, data.dataCutoffDay).filter((r) => data.issuedDay[r]! > cutoffDay);
  return { cutoffDay, trainRows, testRows };
}

/** evaluateHoldout, with the model it fitted on the training rows: promotion scores it again (etl/risk-model/promote.ts). */
export function evaluateHoldoutWithModel(data: Dataset, cutoff: string = defaultCutoff(data)): { evaluation: Evaluation; holdoutModel: FittedModel } {
  const { trainRows, testRows } = holdoutSplit(data, cutoff);
  const describe = `cutoff ${cutoff} (data ${fromDayNumber(data.dataCutoffDay)})`;
  for (const [name, rows] of [["training", trainRows], ["test", testRows]] as const) {
    const labels = labelsOf(data, rows);
    const late = baseRate(labels);
    if (rows.length < 50 || !(late > 0 && late < 1)) {
      throw new EvaluationError(`${describe}: the ${name} set has ${rows.length} invoices with known outcomes and ${rows.length ? (late * 100).toFixed(1) : 0}% late; it needs 50 or more with both outcomes`);
    }
  }
  const y = labelsOf(data, testRows);
  const fitted = new Map<FeatureSetName, FittedModel>();
  const scoreSet = (set: FeatureSetName) => {
    const model = fitFeatureSet(data, trainRows, set);
    fitted.set(set, model);
    return summarise(predict(model, designMatrix(data, testRows, featureSets[set])), y);
  };
  const evaluation: Evaluation = {
    cutoff,
    dataCutoff: fromDayNumber(data.dataCutoffDay),
    train: rowsWindow(data, trainRows),
    test: rowsWindow(data, testRows),
    model: scoreSet("model"),
    baselines: { required: scoreSet("required"), prior_rate: scoreSet("prior_rate") },
  };
  return { evaluation, holdoutModel: fitted.get("model")! };
}
