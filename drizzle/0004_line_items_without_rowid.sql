-- Line items are read by invoice (totals, invoice pages) and written in invoice order:
-- clustering the table on its key makes both one b-tree walk instead of index plus table.
CREATE TABLE `stg_invoice_line_items_clustered` (
	`invoice_id` integer NOT NULL,
	`item_id` text NOT NULL,
	`quantity` integer NOT NULL,
	`unit_price_cents` integer NOT NULL,
	`unit_cost_cents` integer NOT NULL,
	`import_id` integer,
	`source_line` integer,
	PRIMARY KEY(`invoice_id`, `item_id`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `stg_invoice_line_items_clustered` SELECT `invoice_id`, `item_id`, `quantity`, `unit_price_cents`, `unit_cost_cents`, `import_id`, `source_line` FROM `stg_invoice_line_items`;
--> statement-breakpoint
DROP TABLE `stg_invoice_line_items`;
--> statement-breakpoint
ALTER TABLE `stg_invoice_line_items_clustered` RENAME TO `stg_invoice_line_items`;
