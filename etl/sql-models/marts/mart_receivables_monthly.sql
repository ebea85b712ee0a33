-- mart_receivables_monthly
-- Grain: one row per (month, region), every month from the first issue month to the cut-off
--   month, every region in mart_accounts (zeros where nothing happened).
-- Purpose: the managers' trends, as the books stood at each month's end (at the data cut-off
--   for the last, partial month): invoiced amount, payments and how late they were, open and
--   overdue balance, aging buckets by days past due, and accounts at risk. Every column adds
--   up across regions, so "all regions" is a sum. Open at T and the risk band are the rules in
--   lib/sql/rules.ts (the open_at and risk_band macros), which the outreach list applies too;
--   due 30 days after issue. At risk = the "high" band, with the history as known at T from
--   mart_account_payments.
-- Inputs: mart_invoices, mart_accounts, mart_account_payments, temp.build_params.
--   One account's change moves its region's totals, so a change batch rebuilds the months from
--   temp.build_params.from_month on, the first month it moved (etl/sql-models/changed-months.ts).
with recursive

params as (
    select as_of as cutoff from temp.build_params
),

months (month_start) as (
    select substr(min(date_issued), 1, 7) || '-01'
    from mart_invoices
    where date_issued <= (select cutoff from params)
    having min(date_issued) is not null
    union all
    select date(month_start, '+1 month')
    from months
    where date(month_start, '+1 month') <= (select cutoff from params)
),

snapshot_dates as (
    select
        substr(month_start, 1, 7) as month,
        month_start,
        min(date(month_start, '+1 month', '-1 day'), (select cutoff from params)) as as_of
    from months
    where month_start >= (select from_month from temp.build_params) -- scoped builds only
),

-- Issue dates that bound the aging buckets at each snapshot, so bucketing a million open
-- invoices compares text instead of computing dates: issued before d30 = past due, and so on.
snapshots as materialized (
    select
        month,
        month_start,
        as_of,
        date(as_of, '-30 days') as d30,
        date(as_of, '-60 days') as d60,
        date(as_of, '-90 days') as d90,
        date(as_of, '-120 days') as d120
    from snapshot_dates
),

regions as (
    select distinct region from mart_accounts
),

accounts as (
    select account_id, region from mart_accounts
),

-- Each pass reads the table in storage order: scanning it beats a million index lookups. The
-- issued pass reads the open-scan index instead, which holds every column it needs (covering),
-- in account order: half the time of the table scan at scale 100.
issued_by_account as (
    select account_id, substr(date_issued, 1, 7) as month, sum(total_cents) as invoiced_cents, count(*) as invoiced_count
    from mart_invoices indexed by mart_invoices_account_open_idx
    where date_issued <= (select cutoff from params)
      and date_issued >= (select from_month from temp.build_params) -- scoped builds only
    group by account_id, month
),

issued as (
    select b.month, a.region, sum(b.invoiced_cents) as invoiced_cents, sum(b.invoiced_count) as invoiced_count
    from issued_by_account as b
    join accounts as a on a.account_id = b.account_id
    group by 1, 2
),

payments_by_account as (
    select
        account_id,
        substr(payment_date, 1, 7) as month,
        count(*) as paid_count,
        sum(case when days_to_pay > 30 then 1 else 0 end) as paid_late_count,
        sum(days_to_pay) as days_to_pay_sum
    from mart_invoices not indexed
    where payment_date <= (select cutoff from params)
      and payment_date >= (select from_month from temp.build_params) -- scoped builds only
    group by account_id, month
),

payments as (
    select b.month, a.region, sum(b.paid_count) as paid_count, sum(b.paid_late_count) as paid_late_count,
           sum(b.days_to_pay_sum) as days_to_pay_sum
    from payments_by_account as b
    join accounts as a on a.account_id = b.account_id
    group by 1, 2
),

-- Same two-branch read as lib/queries/outreach.ts, once per snapshot: each account's invoices of
-- the 60 days before it through the account index, then the rare older ones still open (unpaid,
-- or paid more than 60 days after issue) through the partial index.
open_parts as (
    select
        s.month,
        s.as_of,
        a.account_id,
        sum(i.total_cents) as open_cents,
        sum(case when i.date_issued < s.d30 then i.total_cents else 0 end) as overdue_cents,
        sum(case when i.date_issued >= s.d30 then i.total_cents else 0 end) as current_cents,
        sum(case when i.date_issued < s.d30 then i.total_cents else 0 end) as past_due_1_30_cents,
        0 as past_due_31_60_cents,
        0 as past_due_61_90_cents,
        0 as past_due_over_90_cents,
        min(i.date_issued) as oldest_issued
    -- cross joins fix the loop order: SQLite would otherwise scan the whole index per snapshot.
    from snapshots as s
    cross join mart_accounts as a not indexed
    cross join mart_invoices as i indexed by mart_invoices_account_open_idx
    where i.account_id = a.account_id
      and i.date_issued > s.d60
      and {{ open_at('i', 's.as_of') }}
    group by s.month, a.account_id
    union all
    select
        s.month,
        s.as_of,
        i.account_id,
        sum(i.total_cents),
        sum(i.total_cents),
        0,
        sum(case when i.date_issued >= s.d60 then i.total_cents else 0 end),
        sum(case when i.date_issued >= s.d90 and i.date_issued < s.d60 then i.total_cents else 0 end),
        sum(case when i.date_issued >= s.d120 and i.date_issued < s.d90 then i.total_cents else 0 end),
        sum(case when i.date_issued < s.d120 then i.total_cents else 0 end),
        min(i.date_issued)
    from snapshots as s
    cross join mart_invoices as i indexed by mart_invoices_slow_idx
    where (i.payment_date is null or i.days_to_pay > 60)
      and i.date_issued <= s.d60
      -- Issued by d60 is issued by the snapshot, so open_at's own issue-date bound is left out:
      -- SQLite ranges over the index by one of two such bounds, and given as_of it reads every
      -- recent unpaid invoice too.
      and {{ unpaid_at('i', 's.as_of') }}
    group by s.month, i.account_id
),

open_by_account as (
    select
        month,
        as_of,
        account_id,
        {{ each_amount('sum({c}) as {c}') }},
        cast(julianday(as_of) - julianday(min(oldest_issued)) as integer) - 30 as oldest_days_past_due
    from open_parts
    group by month, account_id
),

with_history as (
    select
        o.*,
        a.region,
        coalesce(h.paid_count, 0) as paid_count,
        coalesce(h.late_count, 0) as late_count
    from open_by_account as o
    join accounts as a on a.account_id = o.account_id
    left join mart_account_payments as h
        on h.rowid = (
            select p.rowid
            from mart_account_payments as p
            where p.account_id = o.account_id and p.payment_date <= o.as_of
            order by p.payment_date desc, p.paid_seq desc
            limit 1
        )
),

banded as (
    select
        *,
        {{ risk_band('overdue_cents', 'oldest_days_past_due', 'paid_count', 'late_count') }} as risk_band
    from with_history
),

open_by_region as (
    select
        month,
        region,
        {{ each_amount('sum({c}) as {c}') }},
        count(*) as open_accounts,
        sum(case when risk_band = 'high' then 1 else 0 end) as at_risk_accounts
    from banded
    group by month, region
)

select
    s.month,
    r.region,
    s.as_of,
    coalesce(iss.invoiced_cents, 0) as invoiced_cents,
    coalesce(iss.invoiced_count, 0) as invoiced_count,
    coalesce(pay.paid_count, 0) as paid_count,
    coalesce(pay.paid_late_count, 0) as paid_late_count,
    coalesce(pay.days_to_pay_sum, 0) as days_to_pay_sum,
    {{ each_amount('coalesce(o.{c}, 0) as {c}') }},
    coalesce(o.open_accounts, 0) as open_accounts,
    coalesce(o.at_risk_accounts, 0) as at_risk_accounts
from snapshots as s
cross join regions as r
left join issued as iss on iss.month = s.month and iss.region = r.region
left join payments as pay on pay.month = s.month and pay.region = r.region
left join open_by_region as o on o.month = s.month and o.region = r.region
