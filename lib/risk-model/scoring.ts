/*
 * From the model's probability at issue to the risk of an open invoice at the as-of date, and
 * from invoices to accounts.
 *
 * An invoice still unpaid at age a (days since issue, at the end of the as-of day) has not
 * been paid in its first a days. Bayes' rule with the model's p = P(late) at issue:
 *
 *   P(late | unpaid at a) = P(unpaid at a | late) P(late) / P(unpaid at a)
 *                         = p / (p + (1 - p) S(a))       for a < 30, since a late invoice is
 *                                                         always unpaid before day 31,
 *   S(a) = P(days to pay > a | paid on time)             the share of on-time payments made
 *                                                         later than day a,
 *   and 1 from age 30 on: unpaid at the end of day 30 means paid on day 31 or later: late.
 *
 * S is one curve per model version, from the on-time payments in its training data
 * (etl/risk-model/fit-version.ts): on-time payments arrive 25-30 days after issue for every
 * account alike, in the real extracts as in the generator, so a curve per account added
 * nothing but the cost of reading every account's history at every as-of date.
 */

export const TERMS_DAYS = 30;

/** Counts of on-time payments by days to pay, index 0..30. */
export type OnTimeHistogram = number[];

export function emptyHistogram(): OnTimeHistogram {
  return new Array<number>(TERMS_DAYS + 1).fill(0);
}

/** S(a) for a = 0..30 from a histogram: the share paid after day a. All 1s for an empty one. */
export function survivalCurve(histogram: OnTimeHistogram): number[] {
  const total = histogram.reduce((s, n) => s + n, 0);
  const curve = new Array<number>(TERMS_DAYS + 1);
  let paidByA = 0;
  for (let a = 0; a <= TERMS_DAYS; a++) {
    paidByA += histogram[a]!;
    curve[a] = total > 0 ? (total - paidByA) / total : 1;
  }
  return curve;
}

/** P(late | still unpaid at the end of day `ageDays`), from p = P(late) at issue. */
export function conditionOnAge(pAtIssue: number, ageDays: number, survival: readonly number[]): number {
  if (ageDays >= TERMS_DAYS) return 1;
  const s = survival[Math.max(0, ageDays)]!;
  const denominator = pAtIssue + (1 - pAtIssue) * s;
  return denominator > 0 ? pAtIssue / denominator : 1;
}

/** The bands both the model and the pre-model rule sort accounts into, most urgent first. */
export const RISK_BANDS = ["high", "medium", "low"] as const;
export type RiskBand = (typeof RISK_BANDS)[number];

/** Bands on the account's probability that at least one open invoice ends up late. */
export const BAND_THRESHOLDS = { high: 0.5, medium: 0.2 } as const;

export function bandOf(probability: number, thresholds: { high: number; medium: number } = BAND_THRESHOLDS): RiskBand {
  if (probability >= thresholds.high) return "high";
  if (probability >= thresholds.medium) return "medium";
  return "low";
}

/**
 * Bands on the share of an account's not-yet-due amount expected to be paid late: what the
 * outreach list's risk column shows. Overdue money is late already, so it cannot tell accounts
 * apart; the invoices still inside their terms can. Invoices are paid late 15% of the time.
 */
export const NOT_DUE_BAND_THRESHOLDS = { high: 0.4, medium: 0.15 } as const;

export type OpenInvoiceRisk = { probability: number; amountCents: number };

/**
 * The account's risk, treating its invoices' outcomes as independent given the features:
 * P(at least one late) = 1 - Π(1 - p), and the expected late amount Σ p × amount.
 */
export function accountRisk(invoices: readonly OpenInvoiceRisk[]): { probability: number; expectedLateCents: number; band: RiskBand } {
  let allOnTime = 1;
  let expected = 0;
  for (const { probability, amountCents } of invoices) {
    allOnTime *= 1 - probability;
    expected += probability * amountCents;
  }
  const probability = 1 - allOnTime;
  return { probability, expectedLateCents: Math.round(expected), band: bandOf(probability) };
}

/** A probability as people read it: never "100%" unless certain, never "0%" unless impossible. */
export function formatProbability(p: number): string {
  if (p >= 1) return "100%";
  if (p > 0.99) return ">99%";
  if (p <= 0) return "0%";
  if (p < 0.01) return "<1%";
  return `${Math.round(p * 100)}%`;
}
