import { formatMoneyWhole } from "../format";
import type { RiskBand } from "../risk-model/scoring";

/*
 * The pre-model risk band and the plain-language reasons shown next to each account.
 * The same band rule is written in SQL in etl/models/mart_receivables_monthly.sql (for the
 * trend of at-risk accounts); a test checks that both count the same accounts at the cut-off.
 */


/** Below this many paid invoices a late share is too noisy to act on by itself. */
export const MIN_HISTORY_FOR_SHARE = 3;

export type RiskInputs = {
  overdueCents: number;
  /** Days past due of the oldest open invoice (negative while it is not yet due). */
  oldestDaysPastDue: number;
  paidCount: number;
  lateCount: number;
};

export function riskBand({ overdueCents, oldestDaysPastDue, paidCount, lateCount }: RiskInputs): RiskBand {
  const share = paidCount >= MIN_HISTORY_FOR_SHARE ? lateCount / paidCount : 0;
  if (overdueCents > 0 && (oldestDaysPastDue > 30 || share >= 0.5)) return "high";
  if (overdueCents > 0 || share >= 0.25) return "medium";
  return "low";
}

export type ReasonInputs = RiskInputs & {
  openCents: number;
  oldestAgeDays: number;
  recentPaidCount: number;
  recentLateCount: number;
  avgDaysToPay: number | null;
};

/** One or two short sentences a caller can say out loud; the most urgent first. */
export function outreachReasons(row: ReasonInputs): string[] {
  const reasons: string[] = [];
  if (row.overdueCents > 0) {
    reasons.push(`${formatMoneyWhole(row.overdueCents)} overdue, oldest ${row.oldestAgeDays} days`);
  }
  if (row.recentLateCount > 0) {
    reasons.push(`${row.recentLateCount} of the last ${row.recentPaidCount} invoices paid late`);
  } else if (row.paidCount === 0) {
    reasons.push("No payment history yet");
  } else if (reasons.length === 0) {
    reasons.push(`None of the last ${row.recentPaidCount} invoices paid late`);
  }
  if (reasons.length === 0) {
    reasons.push(`${formatMoneyWhole(row.openCents)} open, nothing overdue`);
  }
  return reasons.slice(0, 2);
}
