CREATE TABLE `cdc_pending_lines` (
	`invoice_id` integer NOT NULL,
	`item_id` text NOT NULL,
	`quantity` integer NOT NULL,
	PRIMARY KEY(`invoice_id`, `item_id`)
);
--> statement-breakpoint
CREATE INDEX `cdc_pending_lines_item_idx` ON `cdc_pending_lines` (`item_id`);--> statement-breakpoint
CREATE TABLE `cdc_positions` (
	`table_name` text NOT NULL,
	`row_key` text NOT NULL,
	`binlog_file` text NOT NULL,
	`file_number` integer NOT NULL,
	`pos` integer NOT NULL,
	`row` integer NOT NULL,
	`op` text NOT NULL,
	`source_ts_ms` integer,
	`applied_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`table_name`, `row_key`)
);
--> statement-breakpoint
CREATE TABLE `cdc_rejects` (
	`reject_id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`received_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`event_digest` text NOT NULL,
	`table_name` text,
	`row_key` text,
	`binlog_file` text,
	`pos` integer,
	`row` integer,
	`op` text,
	`field` text,
	`value` text,
	`reason` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cdc_rejects_digest_idx` ON `cdc_rejects` (`event_digest`);--> statement-breakpoint
CREATE INDEX `cdc_rejects_received_idx` ON `cdc_rejects` (`received_at`);