-- The invoice fact becomes a mart that the pages read: a rename keeps the stored rows, so a
-- database built before this change needs no rebuild. SQLite cannot rename an index, so the
-- two indexes are recreated under the table's new name.
ALTER TABLE `int_invoices_totaled` RENAME TO `mart_invoices`;--> statement-breakpoint
DROP INDEX `int_invoices_totaled_account_open_idx`;--> statement-breakpoint
DROP INDEX `int_invoices_totaled_slow_idx`;--> statement-breakpoint
CREATE INDEX `mart_invoices_account_open_idx` ON `mart_invoices` (`account_id`,`date_issued`,`payment_date`,`total_cents`);--> statement-breakpoint
CREATE INDEX `mart_invoices_slow_idx` ON `mart_invoices` (`date_issued`,`payment_date`,`account_id`,`invoice_id`,`total_cents`) WHERE payment_date is null or days_to_pay > 60;
