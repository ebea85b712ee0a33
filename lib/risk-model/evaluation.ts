import { z } from "zod";
import { baseRate, brier, calibration, calibrationBinSchema, prAuc, rocAuc, topDecileRate } from "./metrics";

/** How one set of predictions did on the holdout. */
export const scoreSummarySchema = z.object({
  auc: z.number(),
  prAuc: z.number(),
  brier: z.number(),
  topDecileRate: z.number(),
  calibration: z.array(calibrationBinSchema),
});
export type ScoreSummary = z.infer<typeof scoreSummarySchema>;

const windowSchema = z.object({ from: z.string(), to: z.string(), rows: z.number().int(), lateRate: z.number() });

/** A temporal-holdout evaluation: the model and both baselines fitted on the same rows, tested on the same rows. */
export const evaluationSchema = z.object({
  /** Train on invoices known by this date (issued 31+ days before it), test on invoices issued after it. */
  cutoff: z.string(),
  dataCutoff: z.string(),
  train: windowSchema,
  test: windowSchema,
  model: scoreSummarySchema,
  baselines: z.object({ required: scoreSummarySchema, prior_rate: scoreSummarySchema }),
});
export type Evaluation = z.infer<typeof evaluationSchema>;

export function summarise(probabilities: ArrayLike<number>, labels: ArrayLike<number>): ScoreSummary {
  return {
    auc: rocAuc(probabilities, labels),
    prAuc: prAuc(probabilities, labels),
    brier: brier(probabilities, labels),
    topDecileRate: topDecileRate(probabilities, labels),
    calibration: calibration(probabilities, labels),
  };
}

export { baseRate };

/** The bar a model must clear to be served: better than both baselines on AUC (higher) and Brier (lower). */
export function beatsBaselines(e: Evaluation): boolean {
  return (
    e.model.auc > e.baselines.required.auc &&
    e.model.auc > e.baselines.prior_rate.auc &&
    e.model.brier < e.baselines.required.brier &&
    e.model.brier < e.baselines.prior_rate.brier
  );
}
