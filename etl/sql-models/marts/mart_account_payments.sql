-- mart_account_payments
-- Grain: one row per paid invoice (mart_invoices.invoice_id with a payment_date).
-- Purpose: each account's payment history with running totals in payment order (payment_date,
--   then invoice_id), so the dashboard reads "the history as known at T" as the latest row with
--   payment_date <= T instead of re-aggregating every past invoice per request. Late means paid
--   more than 30 days after issue (after the due date).
-- Inputs: mart_invoices; scoped to temp.build_scope's accounts (windows never cross accounts).
with

paid as (
    select
        account_id,
        invoice_id,
        payment_date,
        days_to_pay,
        case when days_to_pay > 30 then 1 else 0 end as is_late
    from mart_invoices
    where payment_date is not null
      and account_id in (select account_id from temp.build_scope) -- scoped builds only
),

running as (
    select
        account_id,
        row_number() over history as paid_seq,
        invoice_id,
        payment_date,
        days_to_pay,
        is_late,
        sum(is_late) over history as late_count,
        sum(days_to_pay) over history as days_to_pay_sum,
        count(*) over last_ten as recent_paid_count,
        sum(is_late) over last_ten as recent_late_count
    from paid
    window
        history as (partition by account_id order by payment_date, invoice_id rows unbounded preceding),
        last_ten as (partition by account_id order by payment_date, invoice_id rows between 9 preceding and current row)
)

select
    account_id,
    paid_seq,
    invoice_id,
    payment_date,
    days_to_pay,
    is_late,
    paid_seq as paid_count,
    late_count,
    days_to_pay_sum,
    recent_paid_count,
    recent_late_count
from running
