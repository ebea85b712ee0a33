/*
 * The business rules that both the SQL models and the dashboard's reads apply, each written once
 * as a SQL fragment. The reads interpolate these functions; the model files call them as macros,
 * `{{ open_at('i', 's.as_of') }}`, which etl/sql-models/macros.ts expands when a model is loaded.
 *
 * Each fragment is parenthesized, so it can be interpolated anywhere, and keeps the predicate
 * shapes the indexes were designed for: SQLite matches a query's terms against an index (and a
 * partial index's WHERE clause) by their form, so a rewrite that means the same can still turn
 * an index lookup into a scan. Parentheses do not change the terms it sees.
 */

/** Below this many paid invoices a late share is too noisy to act on by itself. */
export const MIN_HISTORY_FOR_SHARE = 3;

/** Not paid by `at`: unpaid, or paid after it. With an issue date on or before `at`, that is open. */
export function unpaidAtSql(alias: string, at: string): string {
  return `(${alias}.payment_date is null or ${alias}.payment_date > ${at})`;
}

/** Open at `at`: issued on or before it and not paid by it. */
export function openAtSql(alias: string, at: string): string {
  return `(${alias}.date_issued <= ${at} and ${unpaidAtSql(alias, at)})`;
}

/** SQL expressions for the inputs of the pre-model risk band. */
export type RiskBandColumns = {
  /** Open amount more than 30 days past issue at the as-of date. */
  overdueCents: string;
  /** Days past due of the oldest open invoice (negative while it is not yet due). */
  oldestDaysPastDue: string;
  /** The payment history as known at the as-of date. */
  paidCount: string;
  lateCount: string;
};

/**
 * The pre-model risk band, 'high', 'medium' or 'low' (RISK_BANDS in lib/risk-model/scoring.ts): high
 * when something is overdue and either a month past due or usually paid late; medium when
 * anything is overdue or the account is often late.
 */
export function riskBandSql({ overdueCents, oldestDaysPastDue, paidCount, lateCount }: RiskBandColumns): string {
  const lateShare = `(case when ${paidCount} >= ${MIN_HISTORY_FOR_SHARE} then 1.0 * ${lateCount} / ${paidCount} else 0 end)`;
  return `(case
    when ${overdueCents} > 0 and (${oldestDaysPastDue} > 30 or ${lateShare} >= 0.5) then 'high'
    when ${overdueCents} > 0 or ${lateShare} >= 0.25 then 'medium'
    else 'low'
  end)`;
}

/**
 * The receivables amounts every level adds up: the open balance, what is overdue, and the aging
 * buckets by days past due. Sums of these across accounts are the region's, and across regions
 * the whole book's.
 */
export const RECEIVABLES_AMOUNTS = [
  "open_cents",
  "overdue_cents",
  "current_cents",
  "past_due_1_30_cents",
  "past_due_31_60_cents",
  "past_due_61_90_cents",
  "past_due_over_90_cents",
] as const;

/** `template` once per receivables amount, `{c}` standing for the column: `sum({c}) as {c}`. */
export function eachAmountSql(template: string): string {
  return RECEIVABLES_AMOUNTS.map((column) => template.replaceAll("{c}", column)).join(",\n    ");
}
