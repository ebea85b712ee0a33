-- The view as first written, so a database migrated before its next import already has it. The
-- model build owns it from then on (etl/sql-models/marts/mart_invoice_lines.sql, materialized "view") and
-- replaces it whenever that file's SQL differs from the stored one.
CREATE VIEW `mart_invoice_lines` AS
select l.invoice_id, l.item_id, s.item_name, s.item_description, l.quantity, l.unit_price_cents, l.unit_cost_cents,
       l.quantity * l.unit_price_cents as line_total_cents, l.quantity * l.unit_cost_cents as line_cost_cents
from stg_invoice_line_items as l
left join stg_skus as s on s.item_id = l.item_id;
