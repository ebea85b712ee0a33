CREATE TABLE `etl_import_files` (
	`import_id` integer NOT NULL,
	`file_kind` text NOT NULL,
	`file_name` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`rows_read` integer NOT NULL,
	`rows_accepted` integer NOT NULL,
	`rows_rejected` integer NOT NULL,
	PRIMARY KEY(`import_id`, `file_kind`)
);
--> statement-breakpoint
CREATE INDEX `etl_import_files_sha_idx` ON `etl_import_files` (`sha256`);--> statement-breakpoint
CREATE TABLE `etl_imports` (
	`import_id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`mode` text NOT NULL,
	`status` text NOT NULL,
	`started_by` text,
	`started_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`finished_at` text,
	`duration_ms` integer,
	`max_reject_rate` real NOT NULL,
	`pid` integer,
	`error` text
);
--> statement-breakpoint
CREATE TABLE `etl_rejects` (
	`reject_id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`import_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`line` integer,
	`column` text,
	`value` text,
	`reason` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `etl_rejects_import_idx` ON `etl_rejects` (`import_id`,`line`);--> statement-breakpoint
CREATE TABLE `etl_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `int_invoices_sequenced` (
	`invoice_id` integer PRIMARY KEY NOT NULL,
	`account_id` integer NOT NULL,
	`account_seq` integer NOT NULL,
	`invoices_prior_120d` integer NOT NULL,
	`days_since_prev_invoice` integer
);
--> statement-breakpoint
CREATE TABLE `int_invoices_totaled` (
	`invoice_id` integer PRIMARY KEY NOT NULL,
	`account_id` integer NOT NULL,
	`date_issued` text NOT NULL,
	`payment_date` text,
	`days_to_pay` integer,
	`line_count` integer NOT NULL,
	`item_count` integer NOT NULL,
	`total_cents` integer NOT NULL,
	`cost_cents` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `int_invoices_totaled_account_idx` ON `int_invoices_totaled` (`account_id`,`date_issued`);--> statement-breakpoint
CREATE INDEX `int_invoices_totaled_issued_idx` ON `int_invoices_totaled` (`date_issued`);--> statement-breakpoint
CREATE TABLE `mart_account_payments` (
	`account_id` integer NOT NULL,
	`paid_seq` integer NOT NULL,
	`invoice_id` integer NOT NULL,
	`payment_date` text NOT NULL,
	`days_to_pay` integer NOT NULL,
	`is_late` integer NOT NULL,
	`paid_count` integer NOT NULL,
	`late_count` integer NOT NULL,
	`days_to_pay_sum` integer NOT NULL,
	`recent_paid_count` integer NOT NULL,
	`recent_late_count` integer NOT NULL,
	PRIMARY KEY(`account_id`, `paid_seq`)
);
--> statement-breakpoint
CREATE INDEX `mart_account_payments_date_idx` ON `mart_account_payments` (`account_id`,`payment_date`,`paid_seq`);--> statement-breakpoint
CREATE TABLE `mart_accounts` (
	`account_id` integer PRIMARY KEY NOT NULL,
	`company_name` text NOT NULL,
	`company_address` text,
	`contact_person` text,
	`contact_phone` text,
	`joining_date` text NOT NULL,
	`state_code` text,
	`region` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `mart_accounts_region_idx` ON `mart_accounts` (`region`);--> statement-breakpoint
CREATE TABLE `mart_invoice_features` (
	`inv_id` integer PRIMARY KEY NOT NULL,
	`acct_id` integer NOT NULL,
	`inv_total` real NOT NULL,
	`inv_items` integer NOT NULL,
	`acct_age` integer NOT NULL,
	`num_inv_120d` integer NOT NULL,
	`cum_tot_inv_acct` integer NOT NULL,
	`is_late` integer,
	`date_issued` text NOT NULL,
	`payment_date` text,
	`inv_lines` integer NOT NULL,
	`days_since_prev_inv` integer
);
--> statement-breakpoint
CREATE INDEX `mart_invoice_features_acct_idx` ON `mart_invoice_features` (`acct_id`);--> statement-breakpoint
CREATE TABLE `mart_receivables_monthly` (
	`month` text NOT NULL,
	`region` text NOT NULL,
	`as_of` text NOT NULL,
	`invoiced_cents` integer NOT NULL,
	`invoiced_count` integer NOT NULL,
	`paid_count` integer NOT NULL,
	`paid_late_count` integer NOT NULL,
	`days_to_pay_sum` integer NOT NULL,
	`open_cents` integer NOT NULL,
	`overdue_cents` integer NOT NULL,
	`current_cents` integer NOT NULL,
	`past_due_1_30_cents` integer NOT NULL,
	`past_due_31_60_cents` integer NOT NULL,
	`past_due_61_90_cents` integer NOT NULL,
	`past_due_over_90_cents` integer NOT NULL,
	`open_accounts` integer NOT NULL,
	`at_risk_accounts` integer NOT NULL,
	PRIMARY KEY(`month`, `region`)
);
--> statement-breakpoint
CREATE TABLE `stg_accounts` (
	`account_id` integer PRIMARY KEY NOT NULL,
	`company_name` text NOT NULL,
	`company_address` text,
	`contact_person` text,
	`contact_phone` text,
	`gender` text,
	`joining_date` text NOT NULL,
	`import_id` integer
);
--> statement-breakpoint
CREATE TABLE `stg_invoice_line_items` (
	`invoice_id` integer NOT NULL,
	`item_id` text NOT NULL,
	`quantity` integer NOT NULL,
	`unit_price_cents` integer NOT NULL,
	`unit_cost_cents` integer NOT NULL,
	`import_id` integer,
	PRIMARY KEY(`invoice_id`, `item_id`)
);
--> statement-breakpoint
CREATE TABLE `stg_invoices` (
	`invoice_id` integer PRIMARY KEY NOT NULL,
	`account_id` integer NOT NULL,
	`date_issued` text NOT NULL,
	`payment_date` text,
	`import_id` integer
);
--> statement-breakpoint
CREATE INDEX `stg_invoices_account_idx` ON `stg_invoices` (`account_id`,`date_issued`);--> statement-breakpoint
CREATE INDEX `stg_invoices_issued_idx` ON `stg_invoices` (`date_issued`);--> statement-breakpoint
CREATE TABLE `stg_skus` (
	`item_id` text PRIMARY KEY NOT NULL,
	`item_name` text NOT NULL,
	`item_description` text,
	`item_cost_price_cents` integer NOT NULL,
	`item_retail_price_cents` integer NOT NULL,
	`import_id` integer
);
