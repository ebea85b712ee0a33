ALTER TABLE `stg_accounts` ADD `source_line` integer;--> statement-breakpoint
ALTER TABLE `stg_invoice_line_items` ADD `source_line` integer;--> statement-breakpoint
ALTER TABLE `stg_invoices` ADD `source_line` integer;--> statement-breakpoint
ALTER TABLE `stg_skus` ADD `source_line` integer;