import { describe, expect, it } from "vitest";
import { baseRate, brier, calibration, prAuc, rocAuc, topDecileRate } from "./metrics";

describe("metrics against known values", () => {
  // scikit-learn's documented examples: roc_auc_score 0.75, average_precision_score 0.8333.
  const labels = [0, 0, 1, 1];
  const scores = [0.1, 0.4, 0.35, 0.8];

  it("gives the ROC AUC of scikit-learn's example", () => {
    expect(rocAuc(scores, labels)).toBeCloseTo(0.75, 12);
  });

  it("counts a tie between a late and an on-time invoice as half a correct pair", () => {
    // Pairs (late, on time): (0.5, 0.5) tie = 0.5, (0.5, 0.2) = 1, (0.9, 0.5) = 1, (0.9, 0.2) = 1 -> 3.5 / 4.
    expect(rocAuc([0.5, 0.2, 0.5, 0.9], [0, 0, 1, 1])).toBeCloseTo(0.875, 12);
    expect(rocAuc([1, 1, 1], [0, 1, 0])).toBeCloseTo(0.5, 12);
    expect(rocAuc([0.3, 0.2], [1, 1])).toBeNaN();
  });

  it("gives the average precision of scikit-learn's example, whatever the row order", () => {
    expect(prAuc(scores, labels)).toBeCloseTo(5 / 6, 12);
    expect(prAuc([...scores].reverse(), [...labels].reverse())).toBeCloseTo(5 / 6, 12);
    // All tied: one threshold, precision = base rate.
    expect(prAuc([0.5, 0.5, 0.5, 0.5], [1, 0, 0, 0])).toBeCloseTo(0.25, 12);
  });

  it("gives the Brier score of scikit-learn's example", () => {
    expect(brier([0.1, 0.9, 0.8, 0.3], [0, 1, 1, 0])).toBeCloseTo(0.0375, 12);
  });

  it("bins predictions into ten equal-width bins, 1.0 in the last", () => {
    const bins = calibration([0.05, 0.07, 0.95, 1, 0.5], [0, 1, 1, 1, 0]);
    expect(bins).toHaveLength(10);
    expect(bins[0]).toMatchObject({ from: 0, to: 0.1, count: 2, observedRate: 0.5 });
    expect(bins[0]!.meanPredicted).toBeCloseTo(0.06, 12);
    expect(bins[5]).toMatchObject({ count: 1, meanPredicted: 0.5, observedRate: 0 });
    expect(bins[9]).toMatchObject({ count: 2, meanPredicted: 0.975, observedRate: 1 });
    expect(bins[3]).toMatchObject({ count: 0, meanPredicted: null, observedRate: null });
  });

  it("takes the top tenth by score for the top-decile late rate", () => {
    const s = Array.from({ length: 20 }, (_, i) => i / 20);
    const y = s.map((_, i) => (i === 19 || i === 0 ? 1 : 0));
    expect(topDecileRate(s, y)).toBe(0.5);
    expect(baseRate(y)).toBe(0.1);
  });
});
