-- mart_invoice_lines
-- Grain: one row per invoice line (stg_invoice_line_items: invoice_id, item_id).
-- Purpose: the invoice page's lines, at the prices frozen when each line was loaded (so they
--   add up to the invoice's total in mart_invoices), with the SKU's current name and
--   description; both are null when the SKU is missing from the catalogue extract.
-- Materialized as a view (etl/sql-models/dag.ts): the page reads one invoice's lines at a time,
--   which SQLite finds through the clustered line table's key and the SKU key. As a table, the
--   5.5 million lines at scale 100 would be copied at every import (docs/data-models.md).
-- Inputs: stg_invoice_line_items, stg_skus.
with

lines as (
    select invoice_id, item_id, quantity, unit_price_cents, unit_cost_cents
    from stg_invoice_line_items
),

skus as (
    select item_id, item_name, item_description
    from stg_skus
)

select
    l.invoice_id,
    l.item_id,
    s.item_name,
    s.item_description,
    l.quantity,
    l.unit_price_cents,
    l.unit_cost_cents,
    l.quantity * l.unit_price_cents as line_total_cents,
    l.quantity * l.unit_cost_cents as line_cost_cents
from lines as l
left join skus as s on s.item_id = l.item_id
