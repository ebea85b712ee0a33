-- The benchmark's yardstick: what the sqlite3 shell does with the same files on its own.
-- Run after `.import` of the four CSVs into text tables; computes the contract features of
-- mart_invoice_features in one pass, with the same rules (see docs/data-models.md).
create table features as
with
line_totals as (
    select
        l.invoice_id,
        sum(l.quantity * cast(round(s.item_retail_price * 100) as integer)) as total_cents,
        sum(l.quantity) as items
    from invoice_line_items as l
    join skus as s on s.item_id = l.item_id
    group by l.invoice_id
),
invoices_dated as (
    select
        invoice_id,
        account_id,
        date_issued,
        nullif(payment_dates, '') as payment_date,
        cast(julianday(date_issued) as integer) as issued_day
    from invoices
),
cutoff as (
    select max(date_issued) as as_of from invoices
)
select
    cast(i.invoice_id as integer) as inv_id,
    i.account_id as acct_id,
    printf('%.2f', t.total_cents / 100.0) as inv_total,
    t.items as inv_items,
    cast(julianday(i.date_issued) - julianday(a.joining_date) as integer) as acct_age,
    count(*) over (
        partition by i.account_id order by i.issued_day range between 120 preceding and 1 preceding
    ) as num_inv_120d,
    row_number() over (
        partition by i.account_id order by i.date_issued, cast(i.invoice_id as integer)
    ) as cum_tot_inv_acct,
    case
        when i.payment_date is not null and i.payment_date <= c.as_of
            then julianday(i.payment_date) - julianday(i.date_issued) > 30
        when julianday(c.as_of) - julianday(i.date_issued) > 30 then 1
    end as is_late
from invoices_dated as i
join accounts as a on a.account_id = i.account_id
left join line_totals as t on t.invoice_id = i.invoice_id
cross join cutoff as c;
