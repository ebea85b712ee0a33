import { z } from "zod";

/**
 * Whether a newly trained model version took over from the active one, and why. Both are scored
 * on the same invoices: the new version's holdout, less every invoice whose outcome the active
 * version could have learnt from, so neither has seen the answers (etl/risk-model/promote.ts).
 */
const holdoutScoreSchema = z.object({ auc: z.number(), brier: z.number() });

export const promotionSchema = z.object({
  decision: z.enum(["promoted", "kept"]),
  reason: z.string(),
  /** The version that was active when this one was trained; null for the first. */
  comparedWith: z.number().int().nullable(),
  /** Invoices both versions were scored on. */
  rows: z.number().int(),
  candidate: holdoutScoreSchema.nullable(),
  active: holdoutScoreSchema.nullable(),
});
export type Promotion = z.infer<typeof promotionSchema>;

/**
 * How much worse than the active version a new one may score and still be promoted: on a few
 * thousand invoices the AUC of the same model moves by about this much from sample noise alone,
 * and a version trained on newer data is worth having when it is as good.
 */
export const PROMOTION_TOLERANCE = { auc: 0.005, brier: 0.005 } as const;

/** Invoices with both outcomes the comparison needs before it decides anything. */
export const MIN_COMPARISON_ROWS = 50;
