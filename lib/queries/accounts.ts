import { getDb, type Db } from "../db/client";
import { addDays, daysBetween } from "../dates";
import type { Region } from "../regions";
import { historyAtJoinSql, type HistoryAt } from "./outreach";
import { openAtSql, riskBandSql } from "../sql/rules";
import { outreachReasons } from "../risk-model/reasons";
import { prepared } from "./statements";

export type AccountProfile = {
  accountId: number;
  companyName: string;
  companyAddress: string | null;
  contactPerson: string | null;
  contactPhone: string | null;
  joiningDate: string;
  stateCode: string | null;
  region: Region;
};

export function getAccount(accountId: number, db: Db = getDb()): AccountProfile | null {
  const row = prepared(
    db,
    `select account_id as accountId, company_name as companyName, company_address as companyAddress,
            contact_person as contactPerson, contact_phone as contactPhone, joining_date as joiningDate,
            state_code as stateCode, region
     from mart_accounts where account_id = ?`,
  ).get(accountId) as AccountProfile | undefined;
  return row ?? null;
}

/** Open balance split by days past due at the as-of date; the five buckets add up to openCents. */
export type AgingBuckets = {
  currentCents: number;
  pastDue1To30Cents: number;
  pastDue31To60Cents: number;
  pastDue61To90Cents: number;
  pastDueOver90Cents: number;
};

export type AccountSnapshot = AgingBuckets &
  HistoryAt & {
    asOf: string;
    openCents: number;
    overdueCents: number;
    openCount: number;
    oldestOpenIssued: string | null;
    reasons: string[];
  };

type SnapshotRow = Omit<AccountSnapshot, "asOf" | "lateShare" | "avgDaysToPay" | "reasons"> & { daysToPaySum: number | null };

/** The account's receivables and payment history as they stood at `asOf`. */
export function getAccountSnapshot(accountId: number, asOf: string, db: Db = getDb()): AccountSnapshot {
  const { daysToPaySum, ...row } = prepared(
    db,
    `with open_invoices as (
       select i.date_issued, i.total_cents,
              cast(julianday(@as_of) - julianday(i.date_issued) as integer) - 30 as days_past_due
       from mart_invoices as i
       where i.account_id = @account_id and ${openAtSql("i", "@as_of")}
     ),
     open_totals as (
       select coalesce(sum(total_cents), 0) as openCents,
              count(*) as openCount,
              min(date_issued) as oldestOpenIssued,
              max(days_past_due) as oldestDaysPastDue,
              coalesce(sum(case when days_past_due > 0 then total_cents end), 0) as overdueCents,
              coalesce(sum(case when days_past_due <= 0 then total_cents end), 0) as currentCents,
              coalesce(sum(case when days_past_due between 1 and 30 then total_cents end), 0) as pastDue1To30Cents,
              coalesce(sum(case when days_past_due between 31 and 60 then total_cents end), 0) as pastDue31To60Cents,
              coalesce(sum(case when days_past_due between 61 and 90 then total_cents end), 0) as pastDue61To90Cents,
              coalesce(sum(case when days_past_due > 90 then total_cents end), 0) as pastDueOver90Cents
       from open_invoices
     ),
     history as (
       select coalesce(h.paid_count, 0) as paidCount, coalesce(h.late_count, 0) as lateCount,
              h.days_to_pay_sum as daysToPaySum,
              coalesce(h.recent_paid_count, 0) as recentPaidCount, coalesce(h.recent_late_count, 0) as recentLateCount
       from (select @account_id as account_id) as a
       ${historyAtJoinSql("a.account_id")}
     )
     select o.openCents, o.openCount, o.oldestOpenIssued, o.overdueCents, o.currentCents,
            o.pastDue1To30Cents, o.pastDue31To60Cents, o.pastDue61To90Cents, o.pastDueOver90Cents,
            h.paidCount, h.lateCount, h.daysToPaySum, h.recentPaidCount, h.recentLateCount,
            ${riskBandSql({ overdueCents: "o.overdueCents", oldestDaysPastDue: "o.oldestDaysPastDue", paidCount: "h.paidCount", lateCount: "h.lateCount" })} as riskBand
     from open_totals as o
     cross join history as h`,
  ).get({ account_id: accountId, as_of: asOf }) as SnapshotRow;

  const avgDaysToPay = row.paidCount > 0 ? (daysToPaySum ?? 0) / row.paidCount : null;
  return {
    ...row,
    asOf,
    lateShare: row.paidCount > 0 ? row.lateCount / row.paidCount : null,
    avgDaysToPay,
    reasons:
      row.openCount > 0
        ? outreachReasons({ ...row, oldestAgeDays: row.oldestOpenIssued ? daysBetween(row.oldestOpenIssued, asOf) : 0 })
        : [],
  };
}

export type InvoiceStatusAtDate = "paid" | "paid-late" | "open" | "overdue";

export type AccountInvoice = {
  invoiceId: number;
  dateIssued: string;
  dueDate: string;
  /** Null when unpaid at the as-of date, even if it was paid later. */
  paymentDate: string | null;
  daysToPay: number | null;
  totalCents: number;
  status: InvoiceStatusAtDate;
  /** Days past due at the as-of date for an open invoice; null once paid. */
  daysPastDue: number | null;
  isLate: boolean;
};

/** Every invoice issued on or before `asOf`, newest first, with its status as it stood then. */
export function getAccountInvoices(accountId: number, asOf: string, db: Db = getDb()): AccountInvoice[] {
  const rows = prepared(
    db,
    `select i.invoice_id as invoiceId, i.date_issued as dateIssued, i.payment_date as paymentDate,
            i.days_to_pay as daysToPay, i.total_cents as totalCents, ${openAtSql("i", "@as_of")} as isOpen
     from mart_invoices as i
     where i.account_id = @account_id and i.date_issued <= @as_of
     order by i.date_issued desc, i.invoice_id desc`,
  ).all({ account_id: accountId, as_of: asOf }) as {
    invoiceId: number;
    dateIssued: string;
    paymentDate: string | null;
    daysToPay: number | null;
    totalCents: number;
    isOpen: 0 | 1;
  }[];
  return rows.map(({ isOpen, ...r }) => {
    const dueDate = addDays(r.dateIssued, 30);
    if (!isOpen) {
      const isLate = (r.daysToPay ?? 0) > 30;
      return { ...r, dueDate, daysPastDue: null, status: isLate ? "paid-late" : "paid", isLate };
    }
    const daysPastDue = daysBetween(dueDate, asOf);
    const isLate = daysPastDue > 0;
    return {
      ...r,
      dueDate,
      paymentDate: null,
      daysToPay: null,
      daysPastDue,
      status: isLate ? "overdue" : "open",
      isLate,
    };
  });
}

export type MonthlyPurchases = { month: string; invoicedCents: number; invoiceCount: number };

/** Amount invoiced per calendar month up to `asOf`, months without invoices included as zero. */
export function getAccountMonthlyPurchases(accountId: number, asOf: string, db: Db = getDb()): MonthlyPurchases[] {
  const rows = prepared(
    db,
    `select substr(date_issued, 1, 7) as month, sum(total_cents) as invoicedCents, count(*) as invoiceCount
     from mart_invoices
     where account_id = ? and date_issued <= ?
     group by 1 order by 1`,
  ).all(accountId, asOf) as MonthlyPurchases[];
  const first = rows[0];
  const last = rows.at(-1);
  if (!first || !last) return [];
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  const filled: MonthlyPurchases[] = [];
  for (let month = first.month; month <= last.month; month = nextMonth(month)) {
    filled.push(byMonth.get(month) ?? { month, invoicedCents: 0, invoiceCount: 0 });
  }
  return filled;
}

function nextMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

/** The account's invoices open at `asOf`, oldest first: the ones a dispute logged then may cover. */
export function getAccountOpenInvoices(accountId: number, asOf: string, db: Db = getDb()): { invoiceId: number; dateIssued: string; totalCents: number }[] {
  return prepared(
    db,
    `select invoice_id as invoiceId, date_issued as dateIssued, total_cents as totalCents
     from mart_invoices as i where i.account_id = @account_id and ${openAtSql("i", "@as_of")} order by i.date_issued, i.invoice_id`,
  ).all({ account_id: accountId, as_of: asOf }) as { invoiceId: number; dateIssued: string; totalCents: number }[];
}
