-- mart_invoice_features
-- Grain: one row per invoice (inv_id).
-- Purpose: the data scientists' feature dataset and the model's training table. The first
--   eight columns are the contract (see docs/data-models.md); the rest are extra features.
--   is_late is the label as of temp.build_params.as_of: known once the invoice is paid on or
--   before that date, or still unpaid more than 30 days after issue; null while unknowable.
--   The point-in-time columns after days_since_prev_inv use only what was known at the start of
--   the issue day (see int_invoices_outcomes_known). prior_late_rate is smoothed toward a fixed
--   15% late share (the business's long-run rate, see docs/model.md) with the weight of 2
--   invoices; a constant, not a rate measured on the data, so no later outcome leaks into it
--   and each account's row depends on that account alone.
-- Inputs: mart_invoices, int_invoices_sequenced, int_invoices_outcomes_known,
--   stg_accounts, temp.build_params; scoped to temp.build_scope's accounts, plus the invoices
--   whose label a moved cut-off can change (temp.build_relabel).
with

params as (
    select as_of from temp.build_params
),

invoices as (
    select *
    from mart_invoices
    where account_id in (select account_id from temp.build_scope) -- scoped builds only
       or invoice_id in (select invoice_id from temp.build_relabel) -- scoped builds only
),

sequenced as (
    select * from int_invoices_sequenced
),

known as (
    select * from int_invoices_outcomes_known
),

accounts as (
    select account_id, joining_date from stg_accounts
)

select
    i.invoice_id as inv_id,
    i.account_id as acct_id,
    round(i.total_cents / 100.0, 2) as inv_total,
    i.item_count as inv_items,
    cast(julianday(i.date_issued) - julianday(a.joining_date) as integer) as acct_age,
    s.invoices_prior_120d as num_inv_120d,
    s.account_seq as cum_tot_inv_acct,
    -- Inline rather than a CTE of its own: joining one back by invoice_id made SQLite copy
    -- every invoice into a temp table and index it (a third of the build at scale 100).
    case
        when not {{ unpaid_at('i', 'p.as_of') }} then i.days_to_pay > 30
        when julianday(p.as_of) - julianday(i.date_issued) > 30 then 1
    end as is_late,
    i.date_issued,
    i.payment_date,
    i.line_count as inv_lines,
    k.days_since_prev_invoice as days_since_prev_inv,
    k.prior_known as prior_known_inv,
    k.prior_late as prior_late_inv,
    round((k.prior_late + 2 * 0.15) / (k.prior_known + 2.0), 6) as prior_late_rate,
    k.prior_paid as prior_paid_inv,
    round(1.0 * k.prior_days_to_pay_sum / nullif(k.prior_paid, 0), 4) as prior_mean_days_to_pay,
    k.prior_days_to_pay_max as prior_max_days_to_pay,
    k.open_invoices as open_inv,
    k.open_cents,
    k.overdue_invoices as overdue_inv,
    round(1.0 * i.total_cents * k.prior_invoices / nullif(k.prior_invoiced_cents, 0), 4) as total_vs_prior_avg,
    k.days_since_first_invoice as days_since_first_inv
from invoices as i
join sequenced as s on s.invoice_id = i.invoice_id
join known as k on k.invoice_id = i.invoice_id
join accounts as a on a.account_id = i.account_id
cross join params as p
