-- int_invoices_sequenced
-- Grain: one row per invoice (stg_invoices.invoice_id).
-- Purpose: places each invoice in its account's timeline: its position (ties on the same day
--   broken by invoice_id) and how many of the account's invoices fell in the 120 days before it
--   (the invoice's own day excluded). Window functions over the whole account history live here
--   so the mart stays a plain join. The gap since the previous invoice day comes from
--   int_invoices_outcomes_known, whose pass already frames "every earlier day": as a third window
--   here it cost 0.7 s of a 2.3 s model at scale 100.
-- Inputs: stg_invoices; scoped to temp.build_scope's accounts (windows never cross accounts).
with

invoices as (
    select
        invoice_id,
        account_id,
        date_issued,
        cast(julianday(date_issued) as integer) as issued_day
    from stg_invoices
    where account_id in (select account_id from temp.build_scope) -- scoped builds only
)

select
    invoice_id,
    account_id,
    row_number() over (
        partition by account_id order by date_issued, invoice_id
    ) as account_seq,
    count(*) over (
        partition by account_id order by issued_day
        range between 120 preceding and 1 preceding
    ) as invoices_prior_120d
from invoices
