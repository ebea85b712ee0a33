-- mart_overdue_spells
-- Grain: one row per overdue spell of an account (account_id, start_date).
-- Purpose: the runs of days on which an account had something overdue, for the trends page's
--   time from first overdue to first contact (lib/queries/outreach-trends.ts). An invoice is
--   overdue from the day after its due date (issue + 30), until the day before it is paid,
--   so one paid 31 days after issue never was; invoices whose overdue days overlap or touch make
--   one spell. end_date is the first day nothing was overdue any more (the latest payment of
--   the spell's invoices), null while one of them is unpaid.
-- Inputs: mart_invoices; scoped to temp.build_scope's accounts (spells never cross accounts).
with

late as (
    select
        account_id,
        invoice_id,
        date(date_issued, '+31 days') as overdue_from,
        payment_date
    from mart_invoices
    where (payment_date is null or days_to_pay > 31)
      and account_id in (select account_id from temp.build_scope) -- scoped builds only
),

-- An invoice starts a spell when no earlier one is still unpaid on its first overdue day.
flagged as (
    select
        *,
        case when max(coalesce(payment_date, '9999-12-31')) over earlier >= overdue_from then 0 else 1 end as starts_spell
    from late
    window earlier as (partition by account_id order by overdue_from, invoice_id rows between unbounded preceding and 1 preceding)
),

numbered as (
    select
        *,
        sum(starts_spell) over (partition by account_id order by overdue_from, invoice_id rows unbounded preceding) as spell_no
    from flagged
)

select
    account_id,
    min(overdue_from) as start_date,
    case when count(payment_date) = count(*) then max(payment_date) end as end_date,
    count(*) as invoice_count
from numbered
group by account_id, spell_no
