import { formatMoneyWhole } from "../format";

/*
 * The pre-model risk band's values and the plain-language reasons shown next to each account.
 * The band's rule is riskBandSql in lib/sql/rules.ts, which the outreach and account reads and
 * the trends mart (mart_receivables_monthly) all apply in SQL.
 */

export const RISK_BANDS = ["high", "medium", "low"] as const;
export type RiskBand = (typeof RISK_BANDS)[number];

export type ReasonInputs = {
  overdueCents: number;
  openCents: number;
  oldestAgeDays: number;
  paidCount: number;
  recentPaidCount: number;
  recentLateCount: number;
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
