-- int_invoices_totaled
-- Grain: one row per invoice (stg_invoices.invoice_id); an invoice without lines totals zero.
-- Purpose: the money and item counts of each invoice, from its lines at their frozen prices,
--   with payment timing. Every mart and dashboard figure about amounts starts here, so the
--   line-to-invoice roll-up is written once.
-- Inputs: stg_invoices, stg_invoice_line_items; scoped to temp.build_scope's accounts.
with

invoices as (
    select invoice_id, account_id, date_issued, payment_date
    from stg_invoices
    where account_id in (select account_id from temp.build_scope) -- scoped builds only
),

-- Grouping the clustered line table in key order needs no sort; the semi-join keeps a scoped
-- build to the lines of its accounts' invoices (every stored line has its invoice, so a full
-- build needs none).
line_totals as (
    select
        invoice_id,
        count(*) as line_count,
        sum(quantity) as item_count,
        sum(quantity * unit_price_cents) as total_cents,
        sum(quantity * unit_cost_cents) as cost_cents
    from stg_invoice_line_items
    where invoice_id in (select invoice_id from invoices) -- scoped builds only
    group by invoice_id
)

select
    i.invoice_id,
    i.account_id,
    i.date_issued,
    i.payment_date,
    cast(julianday(i.payment_date) - julianday(i.date_issued) as integer) as days_to_pay,
    coalesce(t.line_count, 0) as line_count,
    coalesce(t.item_count, 0) as item_count,
    coalesce(t.total_cents, 0) as total_cents,
    coalesce(t.cost_cents, 0) as cost_cents
from invoices as i
left join line_totals as t on t.invoice_id = i.invoice_id
