import { getDb, type Db } from "../db/client";
import { addDays } from "../dates";
import type { Region } from "../regions";
import type { OutreachSort } from "./outreach-params";
import { outreachReasons, riskBandSql, type RiskBand } from "./risk";
import { prepared } from "./statements";

/*
 * The outreach list: one row per account with invoices open at the as-of date.
 *
 * Open at T means issued on or before T and not paid by T. Payments arrive 25-60 days after
 * issue, so the scan reads only the last OPEN_SCAN_DAYS of invoices through a covering index,
 * and finds the rare older open ones through a partial index over slow or unpaid invoices
 * (lib/db/schema.ts, int_invoices_totaled_slow_idx). Both conditions below must stay in step
 * with that index's WHERE clause, or SQLite silently falls back to a full scan.
 */
export const OPEN_SCAN_DAYS = 60;

/** Invoices open at @as_of, with @recent_from = as_of - OPEN_SCAN_DAYS. */
export const OPEN_INVOICES_SQL = `
  select account_id, invoice_id, date_issued, total_cents
  from int_invoices_totaled indexed by int_invoices_totaled_open_scan_idx
  where date_issued > @recent_from and date_issued <= @as_of
    and (payment_date is null or payment_date > @as_of)
  union all
  select account_id, invoice_id, date_issued, total_cents
  from int_invoices_totaled indexed by int_invoices_totaled_slow_idx
  where (payment_date is null or days_to_pay > ${OPEN_SCAN_DAYS})
    and date_issued <= @recent_from
    and (payment_date is null or payment_date > @as_of)`;

/**
 * The account's payment history as known at @as_of: the running totals on its latest payment
 * on or before that date (mart_account_payments is precomputed per paid invoice).
 */
export function historyAtJoinSql(accountColumn: string): string {
  return `left join mart_account_payments h
    on h.account_id = ${accountColumn}
   and h.paid_seq = (
     select p.paid_seq from mart_account_payments p
     where p.account_id = ${accountColumn} and p.payment_date <= @as_of
     order by p.payment_date desc, p.paid_seq desc limit 1)`;
}

/**
 * The ranking: the one place that decides who is called first. Until the risk model lands it
 * is the overdue amount, then the account's share of invoices paid late, then the open balance.
 * The risk-model issue swaps this for the model's expected late amount.
 */
export function outreachRankingSql(): string {
  return "overdue_cents desc, coalesce(late_share, 0) desc, open_cents desc, account_id asc";
}

const SORT_SQL: Record<OutreachSort, string> = {
  priority: "priority",
  company: "company_name collate nocase",
  region: "region",
  open: "open_cents",
  overdue: "overdue_cents",
  openCount: "open_count",
  oldestAge: "oldest_age_days",
  shareLate: "late_share",
  avgDaysToPay: "avg_days_to_pay",
  risk: "risk_order",
};

export type OutreachFilters = {
  asOf: string;
  region?: Region;
  overdueOnly?: boolean;
  minBalanceCents?: number;
  q?: string;
};

export type OutreachQuery = OutreachFilters & {
  sort: OutreachSort;
  dir: "asc" | "desc";
  limit: number;
  offset: number;
};

export type OutreachRow = {
  priority: number;
  accountId: number;
  companyName: string;
  contactPerson: string | null;
  contactPhone: string | null;
  region: Region;
  openCents: number;
  overdueCents: number;
  openCount: number;
  oldestIssued: string;
  oldestAgeDays: number;
  paidCount: number;
  lateCount: number;
  lateShare: number | null;
  avgDaysToPay: number | null;
  recentPaidCount: number;
  recentLateCount: number;
  riskBand: RiskBand;
  reasons: string[];
};

export type OutreachPage = {
  rows: OutreachRow[];
  totalRows: number;
  totalOpenCents: number;
  totalOverdueCents: number;
};

type RawRow = {
  priority: number;
  account_id: number;
  company_name: string;
  contact_person: string | null;
  contact_phone: string | null;
  region: Region;
  open_cents: number;
  overdue_cents: number;
  open_count: number;
  oldest_issued: string;
  oldest_age_days: number;
  paid_count: number;
  late_count: number;
  late_share: number | null;
  avg_days_to_pay: number | null;
  recent_paid_count: number;
  recent_late_count: number;
  risk_band: RiskBand;
  total_rows: number;
  total_open_cents: number;
  total_overdue_cents: number;
};

function outreachSql(query: OutreachQuery, paged: boolean): string {
  const where: string[] = [];
  if (query.region) where.push("region = @region");
  if (query.overdueOnly) where.push("overdue_cents > 0");
  if (query.minBalanceCents !== undefined) where.push("open_cents >= @min_balance_cents");
  if (query.q) {
    where.push(
      "(company_name like @q_like escape '\\' or contact_person like @q_like escape '\\' or account_id = @q_id)",
    );
  }
  const nullsLast = query.sort === "shareLate" || query.sort === "avgDaysToPay" ? " nulls last" : "";
  const order = `${SORT_SQL[query.sort]} ${query.dir}${nullsLast}, priority asc`;

  return `
  with open_invoices as (${OPEN_INVOICES_SQL}),
  open_by_account as (
    select account_id,
           sum(total_cents) as open_cents,
           sum(case when date_issued < @overdue_before then total_cents else 0 end) as overdue_cents,
           count(*) as open_count,
           min(date_issued) as oldest_issued
    from open_invoices
    group by account_id
  ),
  with_history as (
    select o.account_id, a.company_name, a.contact_person, a.contact_phone, a.region,
           o.open_cents, o.overdue_cents, o.open_count, o.oldest_issued,
           cast(julianday(@as_of) - julianday(o.oldest_issued) as integer) as oldest_age_days,
           cast(julianday(@as_of) - julianday(o.oldest_issued) as integer) - 30 as oldest_days_past_due,
           coalesce(h.paid_count, 0) as paid_count,
           coalesce(h.late_count, 0) as late_count,
           case when h.paid_count > 0 then 1.0 * h.late_count / h.paid_count end as late_share,
           case when h.paid_count > 0 then 1.0 * h.days_to_pay_sum / h.paid_count end as avg_days_to_pay,
           coalesce(h.recent_paid_count, 0) as recent_paid_count,
           coalesce(h.recent_late_count, 0) as recent_late_count
    from open_by_account o
    join mart_accounts a on a.account_id = o.account_id
    ${historyAtJoinSql("o.account_id")}
  ),
  banded as (
    select *, ${riskBandSql()} as risk_band from with_history
  ),
  filtered as (
    select *,
           case risk_band when 'high' then 3 when 'medium' then 2 else 1 end as risk_order,
           row_number() over (order by ${outreachRankingSql()}) as priority,
           count(*) over () as total_rows,
           sum(open_cents) over () as total_open_cents,
           sum(overdue_cents) over () as total_overdue_cents
    from banded
    ${where.length ? `where ${where.join(" and ")}` : ""}
  )
  select * from filtered
  order by ${order}
  ${paged ? "limit @limit offset @offset" : ""}`;
}

function bindings(query: OutreachQuery, paged: boolean) {
  const q = query.q?.trim();
  return {
    as_of: query.asOf,
    recent_from: addDays(query.asOf, -OPEN_SCAN_DAYS),
    // Due 30 days after issue and overdue after that: issued before T-30 means past due at T.
    overdue_before: addDays(query.asOf, -30),
    ...(query.region ? { region: query.region } : {}),
    ...(query.minBalanceCents !== undefined ? { min_balance_cents: query.minBalanceCents } : {}),
    ...(q
      ? { q_like: `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, q_id: /^\d{1,15}$/.test(q) ? Number(q) : -1 }
      : {}),
    ...(paged ? { limit: query.limit, offset: query.offset } : {}),
  };
}

function toRow(raw: RawRow): OutreachRow {
  const row = {
    priority: raw.priority,
    accountId: raw.account_id,
    companyName: raw.company_name,
    contactPerson: raw.contact_person,
    contactPhone: raw.contact_phone,
    region: raw.region,
    openCents: raw.open_cents,
    overdueCents: raw.overdue_cents,
    openCount: raw.open_count,
    oldestIssued: raw.oldest_issued,
    oldestAgeDays: raw.oldest_age_days,
    paidCount: raw.paid_count,
    lateCount: raw.late_count,
    lateShare: raw.late_share,
    avgDaysToPay: raw.avg_days_to_pay,
    recentPaidCount: raw.recent_paid_count,
    recentLateCount: raw.recent_late_count,
    riskBand: raw.risk_band,
  };
  return {
    ...row,
    reasons: outreachReasons({ ...row, oldestDaysPastDue: raw.oldest_age_days - 30 }),
  };
}

/** One page of the ranked, filtered and sorted outreach list, with totals for the whole view. */
export function getOutreachPage(query: OutreachQuery, db: Db = getDb()): OutreachPage {
  const raws = prepared(db, outreachSql(query, true)).all(bindings(query, true)) as RawRow[];
  const first = raws[0];
  if (!first && query.offset > 0) {
    // Past the last page (e.g. after narrowing a filter): report the totals all the same.
    const totals = getOutreachPage({ ...query, offset: 0, limit: 1 }, db);
    return { ...totals, rows: [] };
  }
  return {
    rows: raws.map(toRow),
    totalRows: first?.total_rows ?? 0,
    totalOpenCents: first?.total_open_cents ?? 0,
    totalOverdueCents: first?.total_overdue_cents ?? 0,
  };
}

/** Every row of the current view (no paging), in the view's order: the CSV export. */
export function getOutreachRows(query: Omit<OutreachQuery, "limit" | "offset">, db: Db = getDb()): OutreachRow[] {
  const full = { ...query, limit: -1, offset: 0 };
  const raws = prepared(db, outreachSql(full, false)).all(bindings(full, false)) as RawRow[];
  return raws.map(toRow);
}
