import { getDb, type Db } from "../db/client";
import { daysInMonth } from "../dates";
import type { Region } from "../regions";
import { prepared } from "./statements";

export type MonthlyTrend = {
  month: string;
  /** The snapshot date: the month's last day, or the data cut-off for the last, partial month. */
  asOf: string;
  invoicedCents: number;
  invoicedCount: number;
  paidCount: number;
  /** Of the invoices paid during the month, the share paid after their due date. */
  paidLateShare: number | null;
  avgDaysToPay: number | null;
  openCents: number;
  overdueCents: number;
  currentCents: number;
  pastDue1To30Cents: number;
  pastDue31To60Cents: number;
  pastDue61To90Cents: number;
  pastDueOver90Cents: number;
  openAccounts: number;
  atRiskAccounts: number;
  /** Days sales outstanding by the countback method; null when the history is too short to cover the balance. */
  dsoDays: number | null;
};

type MonthRow = Omit<MonthlyTrend, "paidLateShare" | "avgDaysToPay" | "dsoDays"> & {
  paidLateCount: number;
  daysToPaySum: number;
};

/** Month-end figures for one region, or for all regions when `region` is undefined. */
export function getMonthlyTrends(region: Region | undefined, db: Db = getDb()): MonthlyTrend[] {
  const rows = prepared(
    db,
    `select month, max(as_of) as asOf,
            sum(invoiced_cents) as invoicedCents, sum(invoiced_count) as invoicedCount,
            sum(paid_count) as paidCount, sum(paid_late_count) as paidLateCount,
            sum(days_to_pay_sum) as daysToPaySum,
            sum(open_cents) as openCents, sum(overdue_cents) as overdueCents,
            sum(current_cents) as currentCents,
            sum(past_due_1_30_cents) as pastDue1To30Cents,
            sum(past_due_31_60_cents) as pastDue31To60Cents,
            sum(past_due_61_90_cents) as pastDue61To90Cents,
            sum(past_due_over_90_cents) as pastDueOver90Cents,
            sum(open_accounts) as openAccounts, sum(at_risk_accounts) as atRiskAccounts
     from mart_receivables_monthly
     where (@region is null or region = @region)
     group by month order by month`,
  ).all({ region: region ?? null }) as MonthRow[];

  return rows.map(({ paidLateCount, daysToPaySum, ...row }, index) => ({
    ...row,
    paidLateShare: row.paidCount > 0 ? paidLateCount / row.paidCount : null,
    avgDaysToPay: row.paidCount > 0 ? daysToPaySum / row.paidCount : null,
    dsoDays: dsoCountback(rows.slice(0, index + 1)),
  }));
}

/**
 * DSO by the countback method: take the open balance at the snapshot and walk back month by
 * month, subtracting each month's invoiced amount and counting its days, until the balance is
 * used up; the last month counts only the fraction it covers. The current month counts the
 * days up to the snapshot date. Returns null when the earliest month is reached first.
 */
export function dsoCountback(months: readonly { asOf: string; invoicedCents: number; openCents: number }[]): number | null {
  const latest = months.at(-1);
  if (!latest) return null;
  let remaining = latest.openCents;
  if (remaining <= 0) return 0;
  let days = 0;
  for (let i = months.length - 1; i >= 0; i--) {
    const month = months[i]!;
    const monthDays = i === months.length - 1 ? Number(month.asOf.slice(8, 10)) : daysInMonth(month.asOf);
    if (month.invoicedCents >= remaining) return days + (remaining / month.invoicedCents) * monthDays;
    remaining -= month.invoicedCents;
    days += monthDays;
  }
  return null;
}
