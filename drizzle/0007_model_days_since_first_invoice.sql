ALTER TABLE `int_invoices_outcomes_known` ADD `days_since_first_invoice` integer;--> statement-breakpoint
ALTER TABLE `mart_invoice_features` ADD `days_since_first_inv` integer;