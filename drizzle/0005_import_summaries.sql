CREATE TABLE `etl_import_summaries` (
	`import_id` integer PRIMARY KEY NOT NULL,
	`summary` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
