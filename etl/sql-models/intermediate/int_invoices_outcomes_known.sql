-- int_invoices_outcomes_known
-- Grain: one row per invoice (stg_invoices.invoice_id).
-- Purpose: the account's history as it stood at the start of the invoice's issue day, so every
--   feature built on it is point-in-time: it may use only invoices issued on earlier days and
--   payments made on earlier days. An earlier invoice's outcome is known once it was paid on
--   time (from the day after the payment) or once it was still unpaid 30 days after issue (it
--   is late then, whenever it is paid). Each invoice becomes up to three dated events (issued,
--   paid, known late) and one running-sum pass per account reads every invoice's history off
--   the events of the days before its own: set-based, with no per-invoice look-back.
-- Inputs: mart_invoices; scoped to temp.build_scope's accounts (windows never cross accounts).
with

invoices as (
    select
        invoice_id,
        account_id,
        cast(julianday(date_issued) as integer) as issued_day,
        cast(julianday(payment_date) as integer) as paid_day,
        days_to_pay,
        total_cents
    from mart_invoices
    where account_id in (select account_id from temp.build_scope) -- scoped builds only
),

-- Each event sits on the day it happened; an invoice issued on day d sees the events of days
-- before d. The issued event is also the row that receives the invoice's history.
events as (
    select
        account_id, issued_day as day, invoice_id as receiver_id,
        1 as issued_n, total_cents as issued_cents,
        0 as paid_n, 0 as paid_cents, 0 as paid_late_n, null as days_to_pay,
        0 as known_n, 0 as late_n
    from invoices
    union all
    -- A payment closes the invoice; paid within terms, it also makes the outcome known (on time).
    select
        account_id, paid_day, null,
        0, 0,
        1, total_cents, days_to_pay > 30, days_to_pay,
        days_to_pay <= 30, 0
    from invoices
    where paid_day is not null
    -- Still unpaid at the end of day 30 after issue: known to be late from the next day on.
    union all
    select
        account_id, issued_day + 30, null,
        0, 0,
        0, 0, 0, null,
        1, 1
    from invoices
    where paid_day is null or days_to_pay > 30
),

history as (
    select
        receiver_id as invoice_id,
        account_id,
        day,
        coalesce(sum(issued_n) over before_today, 0) as prior_invoices,
        coalesce(sum(issued_cents) over before_today, 0) as prior_invoiced_cents,
        coalesce(sum(known_n) over before_today, 0) as prior_known,
        coalesce(sum(late_n) over before_today, 0) as prior_late,
        coalesce(sum(paid_n) over before_today, 0) as prior_paid,
        coalesce(sum(paid_cents) over before_today, 0) as prior_paid_cents,
        coalesce(sum(paid_late_n) over before_today, 0) as prior_paid_late,
        sum(days_to_pay) over before_today as prior_days_to_pay_sum,
        max(days_to_pay) over before_today as prior_days_to_pay_max,
        min(day) over before_today as first_event_day,
        max(case when issued_n = 1 then day end) over before_today as prev_invoice_day
    from events
    window before_today as (
        partition by account_id order by day
        range between unbounded preceding and 1 preceding
    )
)

select
    h.invoice_id,
    h.account_id,
    h.prior_invoices,
    h.prior_invoiced_cents,
    h.prior_known,
    h.prior_late,
    h.prior_paid,
    h.prior_days_to_pay_sum,
    h.prior_days_to_pay_max,
    -- The account's first invoice is its earliest event, as payments follow issues.
    h.day - h.first_event_day as days_since_first_invoice,
    -- The previous day the account was invoiced; same-day invoices are not "previous".
    h.day - h.prev_invoice_day as days_since_prev_invoice,
    h.prior_invoices - h.prior_paid as open_invoices,
    h.prior_invoiced_cents - h.prior_paid_cents as open_cents,
    -- Known late and not yet paid: more than 30 days past issue on this day.
    h.prior_late - h.prior_paid_late as overdue_invoices
from history as h
where h.invoice_id is not null
