ALTER TABLE `int_invoices_outcomes_known` ADD `days_since_prev_invoice` integer;--> statement-breakpoint
-- Carry the stored gaps over, so a database built before this change stays whole without a rebuild.
UPDATE `int_invoices_outcomes_known` SET `days_since_prev_invoice` = (
	SELECT s.`days_since_prev_invoice` FROM `int_invoices_sequenced` AS s WHERE s.`invoice_id` = `int_invoices_outcomes_known`.`invoice_id`
);--> statement-breakpoint
ALTER TABLE `int_invoices_sequenced` DROP COLUMN `days_since_prev_invoice`;
