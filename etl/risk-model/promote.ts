import { toDayNumber } from "../../lib/dates";
import { baseRate } from "../../lib/risk-model/evaluation";
import { brier, rocAuc } from "../../lib/risk-model/metrics";
import { predict, type FittedModel } from "../../lib/risk-model/logistic";
import { MIN_COMPARISON_ROWS, PROMOTION_TOLERANCE, type Promotion } from "../../lib/risk-model/promotion";
import type { ModelVersion } from "../../lib/queries/risk-model";
import { designMatrix, labelsOf, MODEL_FEATURES, rowsKnownAt, type Dataset } from "./dataset";
import { holdoutSplit } from "./evaluate";

/**
 * Decides whether a new version takes over from the active one. The new version's holdout
 * model (fitted before its holdout) and the active version's served model are scored on the
 * same invoices: the holdout's, less those whose outcome was known when the active version was
 * trained. The active model learnt from those, and scoring it on them would flatter it.
 *
 * The new version is promoted unless it is worse by more than PROMOTION_TOLERANCE on AUC or
 * Brier score. With too few invoices to compare, the active version stays until more outcomes
 * arrive: each later import compares on a larger set, as the active version's cut-off stays put.
 */
export type ActiveVersion = Pick<ModelVersion, "versionId" | "dataCutoff" | "model">;

export function decidePromotion(data: Dataset, candidate: { holdoutCutoff: string; holdoutModel: FittedModel }, active: ActiveVersion | null): Promotion {
  if (!active) {
    return { decision: "promoted", reason: "The first version: there was none to compare with.", comparedWith: null, rows: 0, candidate: null, active: null };
  }
  const comparedWith = active.versionId;
  const unknown = active.model.features.filter((name) => !MODEL_FEATURES.includes(name));
  if (unknown.length > 0) {
    return {
      decision: "promoted",
      reason: `Version ${comparedWith} uses inputs the data no longer has (${unknown.join(", ")}), so it cannot be scored.`,
      comparedWith,
      rows: 0,
      candidate: null,
      active: null,
    };
  }
  const activeCutoffDay = toDayNumber(active.dataCutoff);
  if (activeCutoffDay === null) throw new Error(`model version ${comparedWith} has no valid data cut-off: ${active.dataCutoff}`);
  const seenByActive = new Set(rowsKnownAt(data, activeCutoffDay));
  const rows = holdoutSplit(data, candidate.holdoutCutoff).testRows.filter((r) => !seenByActive.has(r));
  const y = labelsOf(data, rows);
  const late = baseRate(y);
  if (rows.length < MIN_COMPARISON_ROWS || !(late > 0 && late < 1)) {
    return {
      decision: "kept",
      reason: `Only ${rows.length} holdout invoices have an outcome that version ${comparedWith} had not seen (${MIN_COMPARISON_ROWS} with both outcomes are needed); it stays active until more outcomes arrive.`,
      comparedWith,
      rows: rows.length,
      candidate: null,
      active: null,
    };
  }
  const score = (model: FittedModel) => {
    const p = predict(model, designMatrix(data, rows, model.features));
    return { auc: rocAuc(p, y), brier: brier(p, y) };
  };
  const mine = score(candidate.holdoutModel);
  const theirs = score(active.model);
  const figures = `AUC ${mine.auc.toFixed(3)} against ${theirs.auc.toFixed(3)}, Brier ${mine.brier.toFixed(4)} against ${theirs.brier.toFixed(4)}, on the same ${rows.length.toLocaleString("en-US")} invoices`;
  const worse = mine.auc < theirs.auc - PROMOTION_TOLERANCE.auc || mine.brier > theirs.brier + PROMOTION_TOLERANCE.brier;
  return worse
    ? { decision: "kept", reason: `Worse than version ${comparedWith} on the holdout: ${figures}.`, comparedWith, rows: rows.length, candidate: mine, active: theirs }
    : { decision: "promoted", reason: `Not worse than version ${comparedWith} on the holdout: ${figures}.`, comparedWith, rows: rows.length, candidate: mine, active: theirs };
}
