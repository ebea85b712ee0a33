CREATE TABLE `model_invoice_risk` (
	`invoice_id` integer PRIMARY KEY NOT NULL,
	`account_id` integer NOT NULL,
	`date_issued` text NOT NULL,
	`payment_date` text,
	`total_cents` integer NOT NULL,
	`version_id` integer NOT NULL,
	`probability_at_issue` real NOT NULL
);
--> statement-breakpoint
CREATE INDEX `model_invoice_risk_open_idx` ON `model_invoice_risk` (`account_id`,`date_issued`,`payment_date`,`total_cents`,`probability_at_issue`);--> statement-breakpoint
ALTER TABLE `model_account_scores` ADD `not_due_cents` integer;--> statement-breakpoint
ALTER TABLE `model_account_scores` ADD `not_due_late_share` real;--> statement-breakpoint
ALTER TABLE `model_versions` ADD `on_time_survival` text;