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
 * issue, so each account's open invoices are read from its last OPEN_SCAN_DAYS of invoices
 * through a covering index in account order (no sort needed to group), and the rare older
 * open ones come from a partial index over slow or unpaid invoices. The slow branch's
 * condition must stay identical to that index's WHERE clause (lib/db/schema.ts), or SQLite
 * cannot use it; `indexed by` makes such a mismatch fail loudly instead of scanning.
 */
export const OPEN_SCAN_DAYS = 60;

const RECENT_OPEN_SQL = `
  join int_invoices_totaled as i indexed by int_invoices_totaled_account_open_idx
    on i.account_id = a.account_id
   and i.date_issued > @recent_from and i.date_issued <= @as_of
   and (i.payment_date is null or i.payment_date > @as_of)`;

/** Older invoices still open at @as_of; all are overdue, being issued more than 30 days before. */
const SLOW_OPEN_SQL = `
  select account_id, sum(total_cents) as open_cents, count(*) as open_count, min(date_issued) as oldest_issued
  from int_invoices_totaled indexed by int_invoices_totaled_slow_idx
  where (payment_date is null or days_to_pay > ${OPEN_SCAN_DAYS})
    and date_issued <= @recent_from
    and (payment_date is null or payment_date > @as_of)
  group by account_id`;

/**
 * The account's payment history as known at @as_of: the running totals on its latest payment
 * on or before that date (mart_account_payments is precomputed per paid invoice).
 */
export function historyAtJoinSql(accountColumn: string): string {
  // Joining on the rowid the covering index already holds saves a second index descent per account.
  return `left join mart_account_payments h
    on h.rowid = (
     select p.rowid from mart_account_payments p
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
  // Names stay out of the aggregation (it is cheaper narrow); sorting by name looks them up.
  company: "(select n.company_name from mart_accounts as n where n.account_id = filtered.account_id) collate nocase",
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
  // Account filters run inside the scan so a narrow search reads only the matching accounts.
  const accountFilters: string[] = [];
  if (query.region) accountFilters.push("a.region = @region");
  if (query.q) {
    accountFilters.push(
      "(a.company_name like @q_like escape '\\' or a.contact_person like @q_like escape '\\' or a.account_id = @q_id)",
    );
  }
  const where: string[] = [];
  if (query.overdueOnly) where.push("overdue_cents > 0");
  if (query.minBalanceCents !== undefined) where.push("open_cents >= @min_balance_cents");
  const nullsLast = query.sort === "shareLate" || query.sort === "avgDaysToPay" ? " nulls last" : "";
  const order = `${SORT_SQL[query.sort]} ${query.dir}${nullsLast}, priority asc`;
  const pageSort = query.sort === "company" ? "a.company_name collate nocase" : `page.${SORT_SQL[query.sort]}`;
  const pageOrder = `${pageSort} ${query.dir}${nullsLast}, page.priority asc`;

  const accountWhere = accountFilters.length ? `where ${accountFilters.join(" and ")}` : "";
  return `
  with recent as (
    select a.account_id, a.region,
           sum(i.total_cents) as open_cents,
           sum(case when i.date_issued < @overdue_before then i.total_cents else 0 end) as overdue_cents,
           count(*) as open_count,
           min(i.date_issued) as oldest_issued
    from mart_accounts as a
    ${RECENT_OPEN_SQL}
    ${accountWhere}
    group by a.account_id
  ),
  slow as materialized (${SLOW_OPEN_SQL}),
  open_by_account as (
    select r.account_id, r.region,
           r.open_cents + coalesce(s.open_cents, 0) as open_cents,
           r.overdue_cents + coalesce(s.open_cents, 0) as overdue_cents,
           r.open_count + coalesce(s.open_count, 0) as open_count,
           coalesce(s.oldest_issued, r.oldest_issued) as oldest_issued
    from recent as r
    left join slow as s on s.account_id = r.account_id
    union all
    -- Accounts whose only open invoices are old ones.
    select a.account_id, a.region,
           s.open_cents, s.open_cents, s.open_count, s.oldest_issued
    from slow as s
    join mart_accounts as a on a.account_id = s.account_id
    ${accountWhere}
    ${accountWhere ? "and" : "where"} not exists (
      select 1 from int_invoices_totaled as i indexed by int_invoices_totaled_account_open_idx
      where i.account_id = s.account_id
        and i.date_issued > @recent_from and i.date_issued <= @as_of
        and (i.payment_date is null or i.payment_date > @as_of))
  ),
  with_history as (
    select o.*,
           cast(julianday(@as_of) - julianday(o.oldest_issued) as integer) as oldest_age_days,
           cast(julianday(@as_of) - julianday(o.oldest_issued) as integer) - 30 as oldest_days_past_due,
           coalesce(h.paid_count, 0) as paid_count,
           coalesce(h.late_count, 0) as late_count,
           case when h.paid_count > 0 then 1.0 * h.late_count / h.paid_count end as late_share,
           case when h.paid_count > 0 then 1.0 * h.days_to_pay_sum / h.paid_count end as avg_days_to_pay,
           coalesce(h.recent_paid_count, 0) as recent_paid_count,
           coalesce(h.recent_late_count, 0) as recent_late_count
    from open_by_account as o
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
  ),
  page as (
    select * from filtered
    order by ${order}
    ${paged ? "limit @limit offset @offset" : ""}
  )
  select page.*, a.company_name, a.contact_person, a.contact_phone
  from page
  join mart_accounts as a on a.account_id = page.account_id
  order by ${pageOrder}`;
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
