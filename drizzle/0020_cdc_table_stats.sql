CREATE TABLE `cdc_table_stats` (
	`table_name` text PRIMARY KEY NOT NULL,
	`applied` integer DEFAULT 0 NOT NULL,
	`skipped` integer DEFAULT 0 NOT NULL,
	`ignored` integer DEFAULT 0 NOT NULL,
	`rejected` integer DEFAULT 0 NOT NULL,
	`last_binlog_file` text,
	`last_pos` integer,
	`last_row` integer,
	`last_source_ts_ms` integer,
	`last_applied_at` text,
	`last_received_at` text NOT NULL
);
