import { z } from "zod";

/*
 * Metrics of a probabilistic classifier. Scores may tie; every metric treats tied scores as one
 * threshold, so the result never depends on the order of the rows.
 */

/** ROC AUC: the chance that a random late invoice scores above a random on-time one (ties count half). */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const order = sortedIndexes(scores, "asc");
  let positives = 0;
  let rankSumPositives = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[start]!]) end++;
    const midRank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i++) {
      if (labels[order[i]!] === 1) {
        positives++;
        rankSumPositives += midRank;
      }
    }
    start = end + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSumPositives - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * PR AUC as average precision: the precision at each threshold weighted by the recall it adds
 * (scikit-learn's average_precision_score), which does not interpolate between thresholds.
 */
export function prAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const order = sortedIndexes(scores, "desc");
  let totalPositives = 0;
  for (let i = 0; i < labels.length; i++) totalPositives += labels[i] === 1 ? 1 : 0;
  if (totalPositives === 0) return Number.NaN;
  let truePositives = 0;
  let seen = 0;
  let ap = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[start]!]) end++;
    let added = 0;
    for (let i = start; i <= end; i++) added += labels[order[i]!] === 1 ? 1 : 0;
    truePositives += added;
    seen += end - start + 1;
    ap += (added / totalPositives) * (truePositives / seen);
    start = end + 1;
  }
  return ap;
}

/** Brier score: the mean squared difference between the probability and the 0/1 outcome. */
export function brier(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < probabilities.length; i++) sum += (probabilities[i]! - labels[i]!) ** 2;
  return sum / probabilities.length;
}

export const calibrationBinSchema = z.object({
  from: z.number(),
  to: z.number(),
  count: z.number().int(),
  meanPredicted: z.number().nullable(),
  observedRate: z.number().nullable(),
});
export type CalibrationBin = z.infer<typeof calibrationBinSchema>;

/** Ten equal-width bins of predicted probability: how many invoices, predicted vs observed late share. */
export function calibration(probabilities: ArrayLike<number>, labels: ArrayLike<number>, bins = 10): CalibrationBin[] {
  const counts = new Array<number>(bins).fill(0);
  const predicted = new Array<number>(bins).fill(0);
  const observed = new Array<number>(bins).fill(0);
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i]!;
    const bin = Math.min(bins - 1, Math.floor(p * bins));
    counts[bin]!++;
    predicted[bin]! += p;
    observed[bin]! += labels[i]!;
  }
  return counts.map((count, b) => ({
    from: b / bins,
    to: (b + 1) / bins,
    count,
    meanPredicted: count > 0 ? predicted[b]! / count : null,
    observedRate: count > 0 ? observed[b]! / count : null,
  }));
}

/** Late share among the tenth of rows with the highest scores (ties at the edge broken by row order). */
export function topDecileRate(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const order = sortedIndexes(scores, "desc");
  const take = Math.max(1, Math.ceil(order.length / 10));
  let late = 0;
  for (let i = 0; i < take; i++) late += labels[order[i]!]!;
  return late / take;
}

export function baseRate(labels: ArrayLike<number>): number {
  let late = 0;
  for (let i = 0; i < labels.length; i++) late += labels[i]!;
  return late / labels.length;
}

/** Row indexes by score, ties kept in row order (a stable sort). */
function sortedIndexes(scores: ArrayLike<number>, direction: "asc" | "desc"): number[] {
  const order = Array.from({ length: scores.length }, (_, i) => i);
  const sign = direction === "asc" ? 1 : -1;
  return order.sort((a, b) => sign * (scores[a]! - scores[b]!) || a - b);
}
