CREATE TABLE `int_invoices_outcomes_known` (
	`invoice_id` integer PRIMARY KEY NOT NULL,
	`account_id` integer NOT NULL,
	`prior_invoices` integer NOT NULL,
	`prior_invoiced_cents` integer NOT NULL,
	`prior_known` integer NOT NULL,
	`prior_late` integer NOT NULL,
	`prior_paid` integer NOT NULL,
	`prior_days_to_pay_sum` integer,
	`prior_days_to_pay_max` integer,
	`open_invoices` integer NOT NULL,
	`open_cents` integer NOT NULL,
	`overdue_invoices` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `model_account_scores` (
	`run_id` integer NOT NULL,
	`account_id` integer NOT NULL,
	`rank` integer NOT NULL,
	`probability` real NOT NULL,
	`band` text NOT NULL,
	`expected_late_cents` integer NOT NULL,
	`open_cents` integer NOT NULL,
	`open_count` integer NOT NULL,
	`overdue_cents` integer NOT NULL,
	`reasons` text NOT NULL,
	PRIMARY KEY(`run_id`, `account_id`)
);
--> statement-breakpoint
CREATE TABLE `model_backtest_months` (
	`version_id` integer NOT NULL,
	`as_of` text NOT NULL,
	`train_rows` integer NOT NULL,
	`accounts` integer NOT NULL,
	`high_accounts` integer NOT NULL,
	`high_late` integer NOT NULL,
	`high_not_overdue` integer NOT NULL,
	`high_not_overdue_late` integer NOT NULL,
	`medium_accounts` integer NOT NULL,
	`medium_late` integer NOT NULL,
	`low_accounts` integer NOT NULL,
	`low_late` integer NOT NULL,
	`pending_accounts` integer NOT NULL,
	`expected_late_cents` integer NOT NULL,
	`actual_late_cents` integer NOT NULL,
	PRIMARY KEY(`version_id`, `as_of`)
);
--> statement-breakpoint
CREATE TABLE `model_invoice_scores` (
	`run_id` integer NOT NULL,
	`invoice_id` integer NOT NULL,
	`account_id` integer NOT NULL,
	`age_days` integer NOT NULL,
	`amount_cents` integer NOT NULL,
	`probability_at_issue` real NOT NULL,
	`probability` real NOT NULL,
	PRIMARY KEY(`run_id`, `invoice_id`)
);
--> statement-breakpoint
CREATE INDEX `model_invoice_scores_account_idx` ON `model_invoice_scores` (`run_id`,`account_id`);--> statement-breakpoint
CREATE TABLE `model_score_runs` (
	`run_id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`as_of` text NOT NULL,
	`version_id` integer NOT NULL,
	`data_version` integer,
	`scored_at` text NOT NULL,
	`accounts` integer NOT NULL,
	`invoices` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `model_score_runs_lookup_idx` ON `model_score_runs` (`as_of`,`version_id`,`data_version`);--> statement-breakpoint
CREATE TABLE `model_versions` (
	`version_id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`trained_at` text NOT NULL,
	`data_version` integer,
	`data_cutoff` text NOT NULL,
	`train_from` text NOT NULL,
	`train_to` text NOT NULL,
	`train_rows` integer NOT NULL,
	`train_data_hash` text NOT NULL,
	`model` text NOT NULL,
	`metrics` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `mart_invoice_features` ADD `prior_known_inv` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `mart_invoice_features` ADD `prior_late_inv` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `mart_invoice_features` ADD `prior_late_rate` real DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `mart_invoice_features` ADD `prior_paid_inv` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `mart_invoice_features` ADD `prior_mean_days_to_pay` real;--> statement-breakpoint
ALTER TABLE `mart_invoice_features` ADD `prior_max_days_to_pay` integer;--> statement-breakpoint
ALTER TABLE `mart_invoice_features` ADD `open_inv` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `mart_invoice_features` ADD `open_cents` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `mart_invoice_features` ADD `overdue_inv` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `mart_invoice_features` ADD `total_vs_prior_avg` real;